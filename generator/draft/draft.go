// Package draft writes an `investigating` incident file when probes find a
// component down and no published incident covers it yet, so that a human
// publishes it by merging a pull request instead of writing it from
// scratch in the middle of an outage.
//
// Drafting is remembered in an append-only log (drafts.jsonl) in the
// history folder, which travels with history on the data branch: a draft
// is written once per outage however many probe rounds see it, even while
// its pull request waits, and again only after the component was seen
// operational.
package draft

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/scaffold"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// LogFile is the log's name inside the history folder. Its .jsonl ending
// gives it the union merge driver that history files have, so that two
// regions' runs never conflict on it.
const LogFile = "drafts.jsonl"

// Options say where drafts go.
type Options struct {
	// Dir is the status repository; drafts go to Dir/incidents.
	Dir string
	// HistoryDir holds the log.
	HistoryDir string
	// Now is when the drafts are written.
	Now func() time.Time
	// Words are the site's theme's, the drafts' words; nil means the
	// built-in theme's.
	Words *words.Book
}

// Drafted is one incident file written.
type Drafted struct {
	Component string
	// Path is the file, relative to Dir.
	Path string
}

// Write drafts an incident for each component that probes find down
// (partial or major outage, confirmed after down_after rounds, from fresh
// data) when no active incident of snap covers it and none was drafted
// for this outage yet. snap must have its history attached.
func Write(snap *status.Snapshot, opts Options) ([]Drafted, error) {
	h := snap.Monitoring
	if h == nil || h.Stale {
		// Without fresh data nothing is known to be down, nor back up.
		return nil, nil
	}
	logPath := filepath.Join(opts.HistoryDir, LogFile)
	open, err := readLog(logPath)
	if err != nil {
		return nil, err
	}
	now := opts.Now()
	var out []Drafted
	var events []event
	for _, c := range snap.Config.Components {
		ch := h.Components[c.ID]
		if ch == nil || !ch.Probed || ch.Stale {
			continue
		}
		down := ch.State == status.MajorOutage || ch.State == status.PartialOutage
		_, drafted := open[c.ID]
		switch {
		case !down && drafted && ch.State == status.Operational:
			events = append(events, event{Time: now, Component: c.ID, Event: eventRecovered})
		case down && !drafted && !covered(snap, c.ID):
			path, err := create(snap, c, ch, now, opts)
			if err != nil {
				return out, fmt.Errorf("draft %s: %w", c.ID, err)
			}
			out = append(out, Drafted{Component: c.ID, Path: path})
			events = append(events, event{Time: now, Component: c.ID, Event: eventDrafted, File: path})
		}
	}
	if err := appendLog(logPath, events); err != nil {
		return out, err
	}
	return out, nil
}

// covered reports whether a published incident or maintenance is active
// on the component: people are on it, and a draft would be noise.
func covered(snap *status.Snapshot, id string) bool {
	for _, in := range snap.Active() {
		if in.AffectsComponent(id) {
			return true
		}
	}
	for _, in := range snap.Maintenance(status.PhaseInProgress) {
		if in.AffectsComponent(id) {
			return true
		}
	}
	return false
}

func create(snap *status.Snapshot, c status.Component, ch *status.ComponentMonitoring, now time.Time, opts Options) (string, error) {
	reason, started := evidence(ch, now)
	title, text := scaffold.Outage(opts.Words, snap.Config.Language, c.Name, reason)
	impact := status.ImpactMinor
	if ch.State == status.MajorOutage {
		impact = status.ImpactMajor
	}
	loc := snap.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	return scaffold.CreateIncident(opts.Dir, scaffold.Incident{
		Kind:       status.KindIncident,
		Title:      title,
		Components: []string{c.ID},
		Impact:     impact,
		Now:        now.In(loc),
		Started:    started.In(loc).Truncate(time.Minute),
		Language:   snap.Config.Language,
		Words:      opts.Words,
		Text:       text,
		Origin:     fmt.Sprintf("Drafted by `buoy probe --draft-incidents`: its probes found %s down.", c.ID),
	})
}

// evidence says what the failing probes saw and estimates when users were
// first affected: the first of the rounds that confirmed the failure.
func evidence(ch *status.ComponentMonitoring, now time.Time) (reason string, started time.Time) {
	started = now
	for _, p := range ch.Probes {
		if p.Outcome != status.OutcomeDown || p.NoData {
			continue
		}
		r := p.Last.Reason
		if r == "" {
			r = "down"
		}
		if reason == "" {
			reason = fmt.Sprintf("%s: %s", p.ID, r)
		} else {
			reason += fmt.Sprintf("; %s: %s", p.ID, r)
		}
		// The sample that failed first, not a time reckoned back from
		// the last by an interval that rounds need not keep.
		first := p.StreakStart
		if first.IsZero() {
			first = p.Last.Time
		}
		if first.Before(started) {
			started = first
		}
	}
	if reason == "" {
		reason = string(ch.State)
	}
	return reason, started
}
