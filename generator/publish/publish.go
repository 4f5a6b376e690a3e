// Package publish decides whether a probe round calls for a new deploy of
// the site: only when what the page shows has changed (a component's state,
// stale monitoring data), or when the last deploy is older than an
// interval, so that the page's "checked" times move on. Deploying after
// every round costs a CI job each time, most of them for a page that shows
// the same thing.
//
// The deploys decided are remembered in a small append-only log in the
// history folder (deploys.jsonl), which the probe workflow commits to the
// data branch with the samples.
package publish

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
	"github.com/buoystatus/buoy/generator/status"
)

// LogFile is the log of deploys, in the history folder.
const LogFile = "deploys.jsonl"

// DefaultEvery is how old the last deploy may grow while nothing changes.
const DefaultEvery = time.Hour

// Summary is what a deploy shows that a probe round can change.
type Summary struct {
	// States maps each component id to its state.
	States map[string]status.ComponentStatus `json:"states"`
	// Stale lists the probed components whose data is stale, sorted; the
	// page then says so instead of showing their probes' state.
	Stale []string `json:"stale,omitempty"`
	// SiteStale is set when no probe reported for too long: the page shows
	// a banner.
	SiteStale bool `json:"site_stale,omitempty"`
}

// Deploy is one line of the log: when a deploy was decided, and what the
// page it published showed.
type Deploy struct {
	Time time.Time `json:"time"`
	Summary
}

// Summarize returns what the page built from snap shows of its state.
func Summarize(snap *status.Snapshot) Summary {
	s := Summary{States: map[string]status.ComponentStatus{}}
	for _, c := range snap.Config.Components {
		s.States[c.ID] = snap.States[c.ID]
	}
	if h := snap.Monitoring; h != nil {
		s.SiteStale = h.Stale
		for id, c := range h.Components {
			if c != nil && c.Probed && c.Stale {
				s.Stale = append(s.Stale, id)
			}
		}
		sort.Strings(s.Stale)
	}
	return s
}

// Last returns the newest deploy in the log of historyDir, nil when there
// is none. Lines that do not decode are skipped, as in every event log: a
// lost line costs one deploy more.
func Last(historyDir string) (*Deploy, error) {
	all, err := eventlog.Read(filepath.Join(historyDir, LogFile), func(d Deploy) bool { return !d.Time.IsZero() && d.States != nil })
	if err != nil {
		return nil, fmt.Errorf("deploy log: %w", err)
	}
	var last *Deploy
	for i := range all {
		// Regions' lines merge in any order: the newest wins, not the last.
		if last == nil || all[i].Time.After(last.Time) {
			last = &all[i]
		}
	}
	return last, nil
}

// Record appends d to the log of historyDir.
func Record(historyDir string, d Deploy) error {
	d.Time = d.Time.UTC()
	if err := eventlog.Append(filepath.Join(historyDir, LogFile), []Deploy{d}); err != nil {
		return fmt.Errorf("deploy log: %w", err)
	}
	return nil
}

// Due decides whether the page of snap calls for a deploy, against the
// last deploy in the log of historyDir, and records the deploy it calls
// for unless dry: the workflow deploys right after.
func Due(snap *status.Snapshot, historyDir string, every time.Duration, dry bool) (Decision, error) {
	last, err := Last(historyDir)
	if err != nil {
		return Decision{}, err
	}
	cur := Summarize(snap)
	d := Decide(last, cur, snap.Now, every)
	if d.Due && !dry {
		if err := Record(historyDir, Deploy{Time: snap.Now, Summary: cur}); err != nil {
			return Decision{}, err
		}
	}
	return d, nil
}

// Decision says whether to deploy, and why.
type Decision struct {
	Due    bool
	Reason string
}

// Decide compares the page as it would be built now with the last deploy
// (nil: none yet). It is due when they differ, or when the last deploy is
// at least every old; every 0 deploys after every round.
func Decide(last *Deploy, now Summary, at time.Time, every time.Duration) Decision {
	if last == nil {
		return Decision{true, "no deploy recorded yet"}
	}
	if changes := diff(last.Summary, now); len(changes) > 0 {
		return Decision{true, strings.Join(changes, "; ")}
	}
	since := at.Sub(last.Time)
	switch {
	case every <= 0:
		return Decision{true, "deploying after every round (interval 0)"}
	case since < 0:
		// A clock that went back must not hold deploys off.
		return Decision{true, fmt.Sprintf("the last deploy (%s) is in the future", stamp(last.Time))}
	case since >= every:
		return Decision{true, fmt.Sprintf("the last deploy (%s) is %s old, the interval is %s", stamp(last.Time), since.Round(time.Second), every)}
	}
	return Decision{false, fmt.Sprintf("nothing changed since the deploy of %s; next one by %s", stamp(last.Time), stamp(last.Time.Add(every)))}
}

// diff lists what differs between two summaries, in a stable order.
func diff(old, cur Summary) []string {
	var out []string
	ids := make([]string, 0, len(cur.States))
	for id := range cur.States {
		ids = append(ids, id)
	}
	for id := range old.States {
		if _, ok := cur.States[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		a, inOld := old.States[id]
		b, inNew := cur.States[id]
		switch {
		case !inOld:
			out = append(out, fmt.Sprintf("%s: new component (%s)", id, b))
		case !inNew:
			out = append(out, fmt.Sprintf("%s: removed", id))
		case a != b:
			out = append(out, fmt.Sprintf("%s: %s → %s", id, a, b))
		}
	}
	if !slices.Equal(old.Stale, cur.Stale) {
		out = append(out, fmt.Sprintf("stale probe data: [%s] → [%s]", strings.Join(old.Stale, " "), strings.Join(cur.Stale, " ")))
	}
	if old.SiteStale != cur.SiteStale {
		out = append(out, fmt.Sprintf("monitoring stale: %v → %v", old.SiteStale, cur.SiteStale))
	}
	return out
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
