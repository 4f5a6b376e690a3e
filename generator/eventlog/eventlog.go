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
	"io/fs"
	"os"
	"path/filepath"
)

// Read decodes every line of the log at path into a fresh T and passes the
// ones keep accepts, in file order. A missing log is empty. Lines that do
// not decode (a torn write, a bad merge) are skipped: the logs only save
// repeating work, so losing a line costs at most a repeat.
func Read[T any](path string, keep func(T) bool) ([]T, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		var e T
		if json.Unmarshal(sc.Bytes(), &e) != nil || !keep(e) {
			continue
		}
		out = append(out, e)
	}
	return out, nil
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
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return err
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
