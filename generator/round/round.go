// Package round is `buoy probe`: one probe round from start to end. It
// runs every probe of a status repository once, appends the results to
// history, compacts it, and from the state the history then shows (this
// round included) sends the alerts and drafts the incidents that state
// calls for. The command prints what the Report says.
package round

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/buoystatus/buoy/generator/draft"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/probe"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/snapshot"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Options say how to run a round.
type Options struct {
	// Dir is the status repository; empty means the current directory.
	Dir string
	// History is the probe history folder (see snapshot.Options); Warn
	// receives its warnings; nil discards them.
	History string
	Warn    io.Writer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Workers bounds the probes running at once; zero means
	// probe.DefaultWorkers.
	Workers int
	// Deadline bounds the whole round, alerts included; zero derives it
	// from the timeouts of probes and notify targets.
	Deadline time.Duration
	// Compact folds old raw samples into rollups after recording.
	Compact bool
	// Alerts sends alerts to the notify targets on state changes; Drafts
	// writes an incident for a component that just went down.
	Alerts, Drafts bool
	// Probe and Notify configure the probe runner and the alert sender:
	// dialer, roots, resolver, HTTP client, environment. The runner's
	// clock is Now, whatever Probe.Now says: one clock for the round.
	Probe  probe.Options
	Notify notify.Options
}

// Report is what a round did, in the order it did it.
type Report struct {
	// NoProbes is set when status.yaml declares none: nothing ran.
	NoProbes bool
	// Results are the results recorded in HistoryDir, in Took (probing
	// and recording).
	Results    []status.Result
	HistoryDir string
	Took       time.Duration
	// Problems are the probes that could not run: nothing was recorded
	// for them.
	Problems []error
	// Compacted is what compaction did, or CompactErr why it failed: the
	// round is recorded, and compaction retries next time.
	Compacted  history.CompactStats
	CompactErr error
	// StateErr says why the state after the round could not be derived;
	// then no alert is sent and no incident drafted.
	StateErr error
	// PlanErr, Deliveries and RecordErr are the alerts: why they could not
	// be planned, each one tried (sent, or its error), and why the record
	// of those sent could not be written (they go out again next round).
	PlanErr    error
	Deliveries []notify.Delivery
	RecordErr  error
	// Drafted are the incidents drafted, DraftErr why one could not be.
	Drafted  []draft.Drafted
	DraftErr error
	// Misconfigured counts the probes and notify targets that cannot run
	// as configured (an unset secret).
	Misconfigured int
}

// Failed reports whether the round should fail its job although it
// recorded what it could: a broken setup is not an outage, but CI must
// show it, and so must a round that recorded nothing.
func (rep *Report) Failed() bool {
	return !rep.NoProbes && (rep.Misconfigured > 0 || len(rep.Results) == 0)
}

// Run loads the repository in opts.Dir and runs one round. Invalid input
// gives the diag.List from loading it. An error means nothing was
// recorded; what fails after recording is in the Report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Workers < 1 {
		opts.Workers = probe.DefaultWorkers
	}
	r, err := repo.Load(opts.Dir, opts.Now())
	if err != nil {
		return nil, err
	}
	store, err := snapshot.Store(opts.Dir, snapshot.Options{History: opts.History, Warn: opts.Warn})
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	rep := &Report{HistoryDir: store.Dir()}
	jobs := probe.Jobs(r.Config)
	if len(jobs) == 0 {
		rep.NoProbes = true
		return rep, nil
	}
	// Alerts go out inside the same deadline: a hung chat server must not
	// hold the round, nor the next one, up.
	rctx, cancel := context.WithTimeout(ctx, deadline(r.Config, jobs, opts))
	defer cancel()
	start := opts.Now()
	po := opts.Probe
	po.Now = opts.Now
	probed := probe.New(po).Round(rctx, jobs, opts.Workers)
	if err := store.EnsureGitAttributes(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if err := store.Append(probed.Results); err != nil {
		return nil, err
	}
	rep.Results, rep.Problems, rep.Took = probed.Results, probed.Problems, opts.Now().Sub(start)
	for _, p := range probed.Problems {
		var ce *probe.ConfigError
		if errors.As(p, &ce) {
			rep.Misconfigured++
		}
	}

	if opts.Compact {
		rep.Compacted, rep.CompactErr = store.Compact(opts.Now(), r.Incidents)
	}
	if !opts.Drafts && !(opts.Alerts && len(r.Config.Notify) > 0) {
		return rep, nil
	}
	snap, err := snapshot.Of(r, store, opts.Now())
	if err != nil {
		rep.StateErr = err
		return rep, nil
	}
	if opts.Alerts {
		alert(rctx, snap, store.Dir(), r.Words, opts, rep)
	}
	if opts.Drafts {
		rep.Drafted, rep.DraftErr = draft.Write(snap, draft.Options{Dir: r.Dir, HistoryDir: store.Dir(), Now: opts.Now, Words: r.Words})
	}
	return rep, nil
}

// deadline bounds a round: the probes' own, and room for one attempt at
// the slowest notify target after them.
func deadline(cfg *status.Config, jobs []probe.Job, opts Options) time.Duration {
	if opts.Deadline > 0 {
		return opts.Deadline
	}
	bound := probe.Deadline(jobs, opts.Workers)
	if opts.Alerts {
		var longest time.Duration
		for _, t := range cfg.Notify {
			longest = max(longest, t.Timeout)
		}
		bound += longest
	}
	return bound
}

// alert delivers the alerts the round's changes call for and records
// those delivered; a failed one is tried again next round. A target that
// fails is reported, and fails nothing; one misconfigured counts. The
// messages speak in the site's words b.
func alert(ctx context.Context, snap *status.Snapshot, historyDir string, b *words.Book, opts Options, rep *Report) {
	msgs, err := notify.Plan(snap, historyDir, b)
	if err != nil {
		rep.PlanErr = err
		return
	}
	if len(msgs) == 0 {
		return
	}
	rep.Deliveries = notify.NewSender(opts.Notify).Send(ctx, msgs)
	var delivered []notify.Message
	for _, d := range rep.Deliveries {
		var ce *notify.ConfigError
		switch {
		case errors.As(d.Err, &ce):
			rep.Misconfigured++
		case d.Err == nil:
			delivered = append(delivered, d.Message)
		}
	}
	rep.RecordErr = notify.Record(historyDir, delivered)
}
