// Package eventlog keeps small append-only logs of JSON lines in the
// history folder, where probe runs remember what they did (incidents
// drafted, alerts sent) from one run to the next. Their .jsonl ending gives
// them the union merge driver that history files have, so that two
// regions' runs never conflict on them.
package eventlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/buoystatus/buoy/generator/confine"
)

// Read decodes every line of the log at path into a fresh T and passes the
// ones keep accepts, in file order. A missing log is empty. Lines that do
// not decode (a torn write, a bad merge) are skipped: the logs only save
// repeating work, so losing a line costs at most a repeat.
func Read[T any](path string, keep func(T) bool) ([]T, error) {
	root, err := confine.Open(filepath.Dir(path), "the history folder")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	// Through confine: a log planted as a link out of the history folder,
	// or as a named pipe, is refused rather than read.
	f, err := root.FS(0).OpenRegular(filepath.Base(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	var out []T
	r := bufio.NewReaderSize(f, 64*1024)
	for {
		// A line over the buffer is not an event buoy wrote: skipped
		// without being held whole.
		line, err := r.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			line = nil
			_, err = r.ReadSlice('\n')
		}
		var e T
		if len(line) > 0 && json.Unmarshal(line, &e) == nil && keep(e) {
			out = append(out, e)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
}

// Append adds events to the log at path in one write, each on a line of its
// own, even after a torn last line.
func Append[T any](path string, events []T) error {
	if len(events) == 0 {
		return nil
	}
	var buf bytes.Buffer
	for _, e := range events {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	root, err := confine.Open(filepath.Dir(path), "the history folder")
	if err != nil {
		return err
	}
	defer root.Close()
	f, err := root.OpenAppend(filepath.Base(path), 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	data := buf.Bytes()
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			data = append([]byte{'\n'}, data...)
		}
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
