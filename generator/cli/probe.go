package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/buoystatus/buoy/generator/draft"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/probe"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
)

var probeCommand = command{
	usage:   "probe [-C DIR] [--history DIR] [--region NAME] [--notify=false]",
	summary: "run every probe once, in parallel, each within its timeout; append results to history",
	run:     runProbe,
}

var regionRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

func runProbe(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("probe")
	dir := dirFlag(fs)
	histDir := fs.String("history", "", "history `DIR` (default DIR/history)")
	region := fs.String("region", "", "`NAME` of the place probes run from, stamped on results (default $BUOY_REGION)")
	workers := fs.Int("concurrency", probe.DefaultWorkers, "run at most `N` probes at once")
	deadline := fs.Duration("deadline", 0, "bound on the whole round, alerts included (default: from the timeouts of probes and notify targets)")
	compact := fs.Bool("compact", true, "fold raw samples older than 30 days into daily rollups")
	drafts := fs.Bool("draft-incidents", false, "write an investigating incident into incidents/ for a component that just went down")
	alerts := fs.Bool("notify", true, "send alerts to the notify: targets of status.yaml when a component's state changes")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("probe takes no arguments, got %q", rest)
	}
	if *region == "" {
		*region = env.Getenv("BUOY_REGION")
	}
	if *region != "" && !regionRE.MatchString(*region) {
		return usageErrorf("region %q: use letters, digits, '.', '_' and '-' (at most 40)", *region)
	}
	if *workers < 1 {
		return usageErrorf("--concurrency must be at least 1")
	}
	r, target, err := env.loadWithHistory(*dir, *histDir)
	if err != nil {
		return report(env, err, "text")
	}

	jobs := probe.Jobs(r.Config)
	if len(jobs) == 0 {
		fmt.Fprintln(env.Stdout, "no probes in status.yaml: nothing to record")
		return nil
	}
	bound := *deadline
	if bound <= 0 {
		bound = probe.Deadline(jobs, *workers)
		if *alerts {
			// Room for one attempt at the slowest target after the probes.
			var longest time.Duration
			for _, t := range r.Config.Notify {
				longest = max(longest, t.Timeout)
			}
			bound += longest
		}
	}
	start := env.Now()
	runner := probe.New(probe.Options{Now: env.Now, Getenv: env.Getenv, Region: *region})
	// Alerts go out inside the same deadline: a hung chat server must not
	// hold the round, nor the next one, up.
	rctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	rep := runner.Round(rctx, jobs, *workers)

	store := history.Open(target, history.Options{Warn: env.Stderr, Base: env.Dir})
	if err := store.EnsureGitAttributes(); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := store.Append(rep.Results); err != nil {
		return err
	}
	counts := map[status.Outcome]int{}
	for _, res := range rep.Results {
		counts[res.Outcome]++
		fmt.Fprintf(env.Stdout, "%-32s %-8s %7s  %s\n", res.Component+"/"+res.Probe, res.Outcome, res.Latency.Round(time.Millisecond), res.Reason)
	}
	configProblems := 0
	for _, p := range rep.Problems {
		var ce *probe.ConfigError
		if errors.As(p, &ce) {
			configProblems++
		}
		fmt.Fprintln(env.Stderr, "not recorded:", p)
	}
	fmt.Fprintf(env.Stdout, "recorded %d result%s (%d up, %d degraded, %d down) in %s in %s\n",
		len(rep.Results), plural(len(rep.Results)), counts[status.OutcomeUp], counts[status.OutcomeDegraded], counts[status.OutcomeDown],
		target, env.Now().Sub(start).Round(time.Millisecond))

	if *compact {
		if st, err := store.Compact(env.Now(), r.Incidents); err != nil {
			// The round is recorded; compaction retries next time.
			fmt.Fprintln(env.Stderr, "warning:", err)
		} else {
			if st.Moved > 0 {
				fmt.Fprintf(env.Stdout, "moved %d samples from month files into day folders: the layout of older versions, upgraded once\n", st.Moved)
			}
			if st.Folded > 0 {
				fmt.Fprintf(env.Stdout, "compacted %d samples into %d daily rollups\n", st.Folded, st.Rollups)
			}
		}
	}
	var snap *status.Snapshot
	if *drafts || (*alerts && len(r.Config.Notify) > 0) {
		if snap, err = snapshot(env, r, store); err != nil {
			fmt.Fprintln(env.Stderr, "warning:", err)
		}
	}
	if snap != nil && *alerts {
		configProblems += sendAlerts(rctx, env, snap, store.Dir())
	}
	if snap != nil && *drafts {
		if err := draftIncidents(env, snap, r.Dir, store.Dir()); err != nil {
			// The round is recorded; a draft is a convenience.
			fmt.Fprintln(env.Stderr, "warning:", err)
		}
	}
	// A probe or notify target that cannot run as configured (an unset
	// secret) is a broken setup, not an outage: record the rest, but fail
	// so CI shows it.
	if configProblems > 0 || len(rep.Results) == 0 {
		return ErrFailed
	}
	return nil
}

// snapshot is the site's state with the history, this round included.
func snapshot(env *Env, r *repo.Repo, store *history.Store) (*status.Snapshot, error) {
	now := env.Now()
	snap := status.NewSnapshot(r.Config, r.Incidents, now)
	h, err := store.Snapshot(r.Config, r.Incidents, now, history.DeriveOptions{})
	if err != nil {
		return nil, err
	}
	snap.AttachHistory(h)
	return snap, nil
}

// sendAlerts delivers the alerts the round's changes call for and records
// those delivered; a failed one is tried again next round. It returns how
// many targets are misconfigured. A target that fails is reported, and
// fails nothing.
func sendAlerts(ctx context.Context, env *Env, snap *status.Snapshot, historyDir string) (misconfigured int) {
	msgs, err := notify.Plan(snap, historyDir)
	if err != nil {
		fmt.Fprintln(env.Stderr, "warning:", err)
		return 0
	}
	if len(msgs) == 0 {
		return 0
	}
	sender := notify.NewSender(notify.Options{Getenv: env.Getenv})
	var delivered []notify.Message
	for _, d := range sender.Send(ctx, msgs) {
		m := d.Message
		if d.Err != nil {
			var ce *notify.ConfigError
			if errors.As(d.Err, &ce) {
				misconfigured++
			}
			fmt.Fprintf(env.Stderr, "alert not sent: %s %s: %v\n", m.Component.ID, m.Alert, d.Err)
			continue
		}
		delivered = append(delivered, m)
		fmt.Fprintf(env.Stdout, "alerted %s: %s %s\n", m.Target.ID, m.Component.ID, m.Alert)
	}
	if err := notify.Record(historyDir, delivered); err != nil {
		fmt.Fprintln(env.Stderr, "warning:", err)
	}
	return misconfigured
}

// draftIncidents writes an incident file for each component that the
// history, this round included, shows newly down, and prints its path.
func draftIncidents(env *Env, snap *status.Snapshot, root, historyDir string) error {
	written, err := draft.Write(snap, draft.Options{Dir: root, HistoryDir: historyDir, Now: env.Now})
	for _, d := range written {
		fmt.Fprintf(env.Stdout, "drafted %s\n", d.Path)
	}
	return err
}
