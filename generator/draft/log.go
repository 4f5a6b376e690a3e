package draft

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

const (
	eventDrafted   = "drafted"
	eventRecovered = "recovered"
)

// event is one line of the log.
type event struct {
	Time      time.Time `json:"time"`
	Component string    `json:"component"`
	Event     string    `json:"event"`
	File      string    `json:"file,omitempty"`
}

// readLog returns, per component, the draft of its current outage: the
// newest event is a draft. Unreadable lines (a torn write, a bad merge)
// are skipped; at worst that drafts an incident again.
func readLog(path string) (map[string]event, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]event{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", err)
	}
	var events []event
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Component == "" || e.Time.IsZero() {
			continue
		}
		events = append(events, e)
	}
	// A union merge interleaves two regions' lines: order by time.
	sort.SliceStable(events, func(i, j int) bool { return events[i].Time.Before(events[j].Time) })
	open := map[string]event{}
	for _, e := range events {
		switch e.Event {
		case eventDrafted:
			open[e.Component] = e
		case eventRecovered:
			delete(open, e.Component)
		}
	}
	return open, nil
}

// appendLog adds events in one write, on a line of their own even after a
// torn last line.
func appendLog(path string, events []event) error {
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
		return fmt.Errorf("drafts: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("drafts: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			buf = *bytes.NewBuffer(append([]byte{'\n'}, buf.Bytes()...))
		}
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("drafts: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("drafts: %w", err)
	}
	return nil
}
