// Package snapshot loads what every command that shows or judges the
// site's state reads: a status repository plus its monitoring data, as one
// status.Snapshot. `buoy build`, `buoy serve`, a probe round (for its
// alerts and drafts) and `buoy deploy-due` all load it here, so they agree
// on where history is, how it is confined and what it derives.
package snapshot

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/incident"
	"github.com/buoystatus/buoy/generator/monitoring"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
)

// Options say where a repository's monitoring data is.
type Options struct {
	// History is the probe history folder; empty means the repository's
	// history/, which must not lead outside the repository. A missing
	// folder is a site whose probes have not reported yet.
	History string
	// Warn receives warnings from history (a torn line, named by file and
	// line relative to the repository); nil discards them.
	Warn io.Writer
	// Config, when set, is called with the configuration as soon as
	// status.yaml is read and valid, before incidents and history are
	// (repo.LoadThen); the load may still fail after.
	Config func(*status.Config)
	// Incidents, when set, keeps parsed incidents from one load for the
	// next (see incident.ReadDirCached).
	Incidents incident.Cache
}

// Load loads the status repository in dir, checked against now, and its
// state at now: incidents and monitoring data. It returns the history
// store too, for the logs kept beside history. Invalid input gives the
// diag.List from loading the repository.
func Load(dir string, now time.Time, opts Options) (*status.Snapshot, *history.Store, error) {
	_, snap, store, err := LoadRepo(dir, now, opts)
	return snap, store, err
}

// LoadRepo is Load that returns the repository too, whose words the
// outputs besides the pages need.
func LoadRepo(dir string, now time.Time, opts Options) (*repo.Repo, *status.Snapshot, *history.Store, error) {
	r, err := repo.LoadThen(dir, now, opts.Config, opts.Incidents)
	if err != nil {
		return nil, nil, nil, err
	}
	store, err := Store(dir, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	snap, err := Of(r, store, now)
	if err != nil {
		return nil, nil, nil, err
	}
	return r, snap, store, nil
}

// Store opens the history of the repository in dir.
func Store(dir string, opts Options) (*history.Store, error) {
	histDir := opts.History
	if histDir == "" {
		// The repository's own history stays inside it, as its other
		// files do; one given with --history is confined to itself.
		if err := insideRepo(dir, "history"); err != nil {
			return nil, err
		}
		histDir = filepath.Join(dir, "history")
	}
	abs, err := filepath.Abs(histDir)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	base, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return history.Open(abs, history.Options{Warn: opts.Warn, Base: base}), nil
}

// Of returns the state at now of the loaded repository r, whose history is
// in store: its incidents, with the monitoring data derived from history
// joined to them, so that every output shows the same merged state.
func Of(r *repo.Repo, store *history.Store, now time.Time) (*status.Snapshot, error) {
	// Deriving looks at incidents only for the days its bars cover, each
	// day against each incident: those over before then are left out.
	m, err := monitoring.Load(store, r.Config, endedAfter(r.Incidents, monitoring.Since(r.Config, now)), now, monitoring.Options{Started: oldestStart(r.Incidents)})
	if err != nil {
		return nil, relError(err, r.Dir)
	}
	snap := status.NewSnapshot(r.Config, r.Incidents, now)
	snap.AttachMonitoring(m)
	return snap, nil
}

// oldestStart is the start of the oldest incident or maintenance; zero
// without any. Derivation is given only the incidents its bars need, so
// it learns the site's first day from here.
func oldestStart(incidents []status.Incident) time.Time {
	var first time.Time
	for i := range incidents {
		if t := incidents[i].Start(); first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return first
}

// endedAfter returns the incidents and maintenance not over by t.
func endedAfter(incidents []status.Incident, t time.Time) []status.Incident {
	var out []status.Incident
	for _, in := range incidents {
		if end := in.End(); end.IsZero() || end.After(t) {
			out = append(out, in)
		}
	}
	return out
}
