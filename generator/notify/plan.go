// Package notify tells people when probes find a component's state
// changed: one message per change (down, degraded, recovered) to each
// target of status.yaml's `notify:`, remembered in an alert log in the
// history folder so that the next probe run neither repeats nor misses it.
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// LogFile is the alert log's name inside the history folder.
const LogFile = "alerts.jsonl"

// Message is one alert due to one target.
type Message struct {
	Target    status.NotifyTarget
	Component status.Component
	Alert     status.Alert
	// State is the component's probe-derived state now; Previous the one
	// last announced to this target (operational when none was).
	State    status.ComponentStatus
	Previous status.ComponentStatus
	// Reason says what the failing probes saw; empty on recovery.
	Reason string
	// Since is when the trouble began: the first failed round of the
	// outage, for a recovery the one announced before.
	Since time.Time
	// Time is the probe round's.
	Time time.Time
	// Site is the status page's title, URL the component's page on it.
	Site, SiteURL, URL string
	// Language is the site's; Words are the site's theme's, nil for the
	// built-in theme's.
	Language string
	Words    *words.Book
}

// Key identifies the change a message announces, the same across retries
// and regions, so that receivers able to deduplicate (Matrix transaction
// ids, a webhook's Idempotency-Key) do.
func (m Message) Key() string {
	h := sha256.Sum256([]byte(strings.Join([]string{m.Target.ID, m.Component.ID, string(m.Alert), m.Since.UTC().Format(time.RFC3339)}, "\x00")))
	return hex.EncodeToString(h[:12])
}

// entry is one line of the alert log: an alert delivered.
type entry struct {
	Time      time.Time              `json:"time"`
	Component string                 `json:"component"`
	Target    string                 `json:"target"`
	Alert     status.Alert           `json:"alert"`
	State     status.ComponentStatus `json:"state"`
	Since     time.Time              `json:"since"`
}

// Plan returns the messages due: for each target and component it covers,
// an alert when the component's probe-derived state, with down_after
// applied, differs from the one last delivered to that target. A component
// with no probe, no fresh data or under maintenance is skipped: nothing
// new is known, or the trouble is planned. snap must have its history
// attached; historyDir holds the alert log; messages speak in b's words.
func Plan(snap *status.Snapshot, historyDir string, b *words.Book) ([]Message, error) {
	cfg := snap.Config
	h := snap.Monitoring
	if len(cfg.Notify) == 0 || h == nil || h.Stale {
		return nil, nil
	}
	last, err := readLog(filepath.Join(historyDir, LogFile))
	if err != nil {
		return nil, err
	}
	var out []Message
	for _, c := range cfg.Components {
		ch := h.Components[c.ID]
		if ch == nil || !ch.Probed || ch.Stale || inMaintenance(snap, c.ID) {
			continue
		}
		alert := ch.State.Alert()
		for _, t := range cfg.Notify {
			prev, ok := last[logKey{t.ID, c.ID}]
			if !ok {
				// Nothing announced yet reads as operational: a first run
				// that finds all well says nothing.
				prev = entry{Alert: status.AlertRecovered, State: status.Operational}
			}
			if prev.Alert == alert || !t.Wants(c.ID, alert) {
				continue
			}
			m := Message{
				Target: t, Component: c, Alert: alert, State: ch.State, Previous: prev.State,
				Time: snap.Now, Site: cfg.Title, SiteURL: cfg.BaseURL, URL: cfg.ComponentURL(c.ID), Language: cfg.Language, Words: b,
			}
			switch {
			case alert == status.AlertRecovered:
				m.Since = prev.Since
			case prev.Alert != status.AlertRecovered:
				// Worse or better, still the same outage.
				m.Since = prev.Since
				m.Reason = reason(ch)
			default:
				m.Since = began(ch, h.Interval, snap.Now)
				m.Reason = reason(ch)
			}
			out = append(out, m)
		}
	}
	return out, nil
}

func inMaintenance(snap *status.Snapshot, id string) bool {
	for _, in := range snap.Maintenance(status.PhaseInProgress) {
		if in.AffectsComponent(id) {
			return true
		}
	}
	return false
}

// reason lists what each probe that is not up saw: "https: HTTP 502".
func reason(ch *status.ComponentMonitoring) string {
	var parts []string
	for _, p := range ch.Probes {
		if p.NoData || p.Outcome == status.OutcomeUp {
			continue
		}
		r := p.Last.Reason
		if r == "" {
			r = string(p.Outcome)
		}
		parts = append(parts, p.ID+": "+r)
	}
	return strings.Join(parts, "; ")
}

// began estimates the first failed round of the failing probes' streaks.
func began(ch *status.ComponentMonitoring, interval time.Duration, now time.Time) time.Time {
	first := now
	for _, p := range ch.Probes {
		if p.NoData || p.Outcome == status.OutcomeUp {
			continue
		}
		t := p.Last.Time.Add(-time.Duration(max(p.Streak-1, 0)) * interval)
		if t.Before(first) {
			first = t
		}
	}
	return first
}

type logKey struct{ target, component string }

// readLog returns the newest delivered alert per target and component. A
// union merge interleaves regions' lines, so they are ordered by time. A
// line lost to a torn write at worst repeats an alert.
func readLog(path string) (map[logKey]entry, error) {
	entries, err := eventlog.Read(path, func(e entry) bool {
		return e.Component != "" && e.Target != "" && !e.Time.IsZero() && (e.Alert == status.AlertDown || e.Alert == status.AlertDegraded || e.Alert == status.AlertRecovered)
	})
	if err != nil {
		return nil, fmt.Errorf("alert log: %w", err)
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.Before(entries[j].Time) })
	last := map[logKey]entry{}
	for _, e := range entries {
		last[logKey{e.Target, e.Component}] = e
	}
	return last, nil
}

// Record appends the delivered messages to the alert log.
func Record(historyDir string, delivered []Message) error {
	entries := make([]entry, 0, len(delivered))
	for _, m := range delivered {
		entries = append(entries, entry{Time: m.Time.UTC(), Component: m.Component.ID, Target: m.Target.ID, Alert: m.Alert, State: m.State, Since: m.Since.UTC()})
	}
	if err := eventlog.Append(filepath.Join(historyDir, LogFile), entries); err != nil {
		return fmt.Errorf("alert log: %w", err)
	}
	return nil
}
