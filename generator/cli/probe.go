package cli

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/probe"
	"github.com/buoystatus/buoy/generator/round"
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
	workers := fs.Int("concurrency", 0, "run at most `N` probes at once (default 0: as many as the process can open connections for)")
	deadline := fs.Duration("deadline", 0, "bound on the whole round, alerts included (default: from the timeouts of probes and notify targets)")
	compact := fs.Bool("compact", true, fmt.Sprintf("fold raw samples older than %d days into daily rollups", history.RawDays))
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
	if *workers < 0 {
		return usageErrorf("--concurrency must be 0 (as many as open files allow) or more")
	}
	// A round is one batch whose heap is small; GOGC, when set, is the
	// user's choice. Process-wide, so set here and not by the probe package.
	if env.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(probe.RoundGCPercent))
	}
	rep, err := round.Run(ctx, round.Options{
		Dir: env.abs(*dir), History: env.abs(*histDir), Warn: env.Stderr, Now: env.Now,
		Workers: *workers, Deadline: *deadline, Compact: *compact, Alerts: *alerts, Drafts: *drafts,
		Probe:  probe.Options{Getenv: env.Getenv, Region: *region},
		Notify: notify.Options{Getenv: env.Getenv},
	})
	if err != nil {
		return report(env, err, "text")
	}
	printRound(env, rep)
	if rep.Failed() {
		return ErrFailed
	}
	return nil
}

// printRound says what a round did: results and what went to history on
// stdout, problems on stderr, in the order the round met them.
func printRound(env *Env, rep *round.Report) {
	if rep.NoProbes {
		fmt.Fprintln(env.Stdout, "no probes in status.yaml: nothing to record")
		return
	}
	counts := map[status.Outcome]int{}
	for _, res := range rep.Results {
		counts[res.Outcome]++
		fmt.Fprintf(env.Stdout, "%-32s %-8s %7s  %s\n", res.Component+"/"+res.Probe, res.Outcome, res.Latency.Round(time.Millisecond), res.Reason)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(env.Stderr, "not recorded:", p)
	}
	fmt.Fprintf(env.Stdout, "recorded %d result%s (%d up, %d degraded, %d down) in %s in %s\n",
		len(rep.Results), plural(len(rep.Results)), counts[status.OutcomeUp], counts[status.OutcomeDegraded], counts[status.OutcomeDown],
		rep.HistoryDir, rep.Took.Round(time.Millisecond))
	if st := rep.Compacted; rep.CompactErr != nil {
		// The round is recorded; compaction retries next time.
		fmt.Fprintln(env.Stderr, "warning:", rep.CompactErr)
	} else {
		if st.Moved > 0 {
			fmt.Fprintf(env.Stdout, "moved %d samples from month files into day folders: the layout of older versions, upgraded once\n", st.Moved)
		}
		if st.Folded > 0 {
			fmt.Fprintf(env.Stdout, "compacted %d samples into %d daily rollups\n", st.Folded, st.Rollups)
		}
	}
	for _, err := range []error{rep.StateErr, rep.PlanErr} {
		if err != nil {
			fmt.Fprintln(env.Stderr, "warning:", err)
		}
	}
	for _, d := range rep.Deliveries {
		m := d.Message
		if d.Err != nil {
			fmt.Fprintf(env.Stderr, "alert not sent: %s %s: %v\n", m.Component.ID, m.Alert, d.Err)
			continue
		}
		fmt.Fprintf(env.Stdout, "alerted %s: %s %s\n", m.Target.ID, m.Component.ID, m.Alert)
	}
	if rep.RecordErr != nil {
		fmt.Fprintln(env.Stderr, "warning:", rep.RecordErr)
	}
	for _, d := range rep.Drafted {
		fmt.Fprintf(env.Stdout, "drafted %s\n", d.Path)
	}
	if rep.DraftErr != nil {
		// The round is recorded; a draft is a convenience.
		fmt.Fprintln(env.Stderr, "warning:", rep.DraftErr)
	}
}
