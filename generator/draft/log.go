package draft

import (
	"fmt"
	"sort"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
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
// newest event is a draft. An unreadable line at worst drafts an incident
// again.
func readLog(path string) (map[string]event, error) {
	events, err := eventlog.Read(path, func(e event) bool { return e.Component != "" && !e.Time.IsZero() })
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", err)
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

func appendLog(path string, events []event) error {
	if err := eventlog.Append(path, events); err != nil {
		return fmt.Errorf("drafts: %w", err)
	}
	return nil
}
