//go:build linux

package probe

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

// hangingProbes are probes of every type whose target never answers.
func hangingProbes(t *testing.T) map[status.ProbeType]status.Probe {
	silent := probetest.SilentTCP(t)
	return map[status.ProbeType]status.Probe{
		status.ProbeHTTP: {Type: status.ProbeHTTP, URL: "http://" + silent + "/"},
		status.ProbeTLS:  {Type: status.ProbeTLS, Address: silent},
		status.ProbeDNS:  {Type: status.ProbeDNS, Name: "example.test", Record: "A", Resolver: probetest.SilentUDP(t)},
		status.ProbeTCP:  {Type: status.ProbeTCP, Address: probetest.SynDropper(t)},
	}
}

// TestRoundRecordsOnlyOwnTimeouts queues hanging probes of each type behind
// each other (concurrency 1) under a round deadline that falls inside the
// third one's timeout. What is recorded had its whole timeout; the rest is
// reported, never written as a finding (it once was: "timeout after 4s"
// after 992 ms).
func TestRoundRecordsOnlyOwnTimeouts(t *testing.T) {
	const timeout = 300 * time.Millisecond
	for typ, p := range hangingProbes(t) {
		t.Run(string(typ), func(t *testing.T) {
			var jobs []Job
			for _, id := range []string{"first", "second", "third"} {
				q := p
				q.ID, q.Timeout = id, timeout
				jobs = append(jobs, Job{Component: "c", Probe: q})
			}
			ctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)
			defer cancel()
			rep := New(Options{}).Round(ctx, jobs, 1)
			if len(rep.Results)+len(rep.Problems) != len(jobs) || len(rep.Results) == 0 {
				t.Fatalf("%d results, problems %v", len(rep.Results), rep.Problems)
			}
			for _, res := range rep.Results {
				t.Logf("%s: %s in %v: %s", res.Probe, res.Outcome, res.Latency, res.Reason)
				// The probe's own timeout ended it, so it ran that long:
				// a shorter run would be the round's doing, or a deadline
				// fixed before the start its latency is measured from.
				if res.Outcome != status.OutcomeDown || res.Latency < timeout {
					t.Errorf("%s recorded as %s %q after %v, less than its %v timeout", res.Probe, res.Outcome, res.Reason, res.Latency, timeout)
				}
			}
			for _, err := range rep.Problems {
				if !errors.Is(err, ErrRoundDeadline) {
					t.Errorf("problem %v", err)
				}
			}
		})
	}
}

// TestRoundCancelEndsEveryType cancels a round (SIGTERM) while a probe of
// each type waits on a silent target: the probe ends well before its own
// timeout and is not recorded.
func TestRoundCancelEndsEveryType(t *testing.T) {
	const timeout = 20 * time.Second
	for typ, p := range hangingProbes(t) {
		t.Run(string(typ), func(t *testing.T) {
			p.ID, p.Timeout = "hung", timeout
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			rep := New(Options{}).Round(ctx, []Job{{Component: "c", Probe: p}}, 1)
			if el := time.Since(start); el >= timeout {
				t.Errorf("cancel ignored: the probe ran its whole %v", el)
			}
			if len(rep.Results) != 0 || len(rep.Problems) != 1 || !errors.Is(rep.Problems[0], ErrRoundDeadline) {
				t.Errorf("results %+v, problems %v", rep.Results, rep.Problems)
			}
		})
	}
}
