package snapshot

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/buoystatus/buoy/generator/confine"
)

// relError names files inside the repository dir in err's message by
// their path relative to it, as warnings do and every other message of
// buoy names files: history/web/2026-11.jsonl, not /home/…/history/….
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
