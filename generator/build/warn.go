package build

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/buoystatus/buoy/generator/confine"
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

// relError names files inside the repository dir in err's message by
// their path relative to it, as relWarn does for warnings.
func relError(err error, dir string) error {
	abs, aerr := filepath.Abs(dir)
	if aerr != nil {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), abs+string(filepath.Separator), "")
	if msg == err.Error() {
		return err
	}
	return &pathError{msg: msg, err: err}
}

type pathError struct {
	msg string
	err error
}

func (e *pathError) Error() string { return e.msg }
func (e *pathError) Unwrap() error { return e.err }

// insideRepo refuses name in the repository dir when it is a link that
// leads outside it or a special file; a missing one is fine.
func insideRepo(dir, name string) error {
	root, err := confine.Open(dir, "the status repository")
	if err != nil {
		return err
	}
	defer root.Close()
	if _, err := root.FS(0).Stat(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
