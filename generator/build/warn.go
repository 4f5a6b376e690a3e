package build

import (
	"bytes"
	"io"
	"path/filepath"
)

// relWarn writes warnings that start with a path inside the status
// repository with that path relative to it, as every other message of
// buoy names files: history/web/2026-11.jsonl:3, not /home/…/history/….
// Each Write is one warning line.
type relWarn struct {
	w    io.Writer
	base []byte // the repository's absolute path and a separator
}

func newRelWarn(w io.Writer, dir string) io.Writer {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return w
	}
	return relWarn{w: w, base: []byte(abs + string(filepath.Separator))}
}

func (r relWarn) Write(b []byte) (int, error) {
	if rest, ok := bytes.CutPrefix(b, r.base); ok {
		if _, err := r.w.Write(rest); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return r.w.Write(b)
}
