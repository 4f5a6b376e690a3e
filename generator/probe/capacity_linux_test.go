//go:build linux

package probe

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

// fdLimitChild marks the test binary run as the child of
// TestRoundWithinOpenFileLimit, which lowers its own hard limit for good.
const fdLimitChild = "BUOY_PROBE_FDLIMIT_CHILD"

// TestRoundWithinOpenFileLimit runs, in a child process whose open-file
// limit is 160, a round of 200 tcp probes that each hold a socket for
// their whole timeout, asking for more at once than the limit allows. A
// round past the limit records "too many open files" as targets down;
// this one runs as many as fit and records every timeout.
func TestRoundWithinOpenFileLimit(t *testing.T) {
	if os.Getenv(fdLimitChild) == "1" {
		roundWithinOpenFileLimit(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRoundWithinOpenFileLimit$", "-test.v")
	cmd.Env = append(os.Environ(), fdLimitChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestRoundWithinOpenFileLimit") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

func roundWithinOpenFileLimit(t *testing.T) {
	const limit = 160
	// The soft limit below the hard one: Capacity raises it.
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: 100, Max: limit}); err != nil {
		t.Fatal(err)
	}
	capacity := Capacity()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur != limit {
		t.Errorf("soft limit %d after Capacity, want the hard %d", lim.Cur, limit)
	}
	if capacity < 1 || capacity > (limit-fdReserve)/fdsPerProbe {
		t.Fatalf("Capacity() = %d with a limit of %d", capacity, limit)
	}
	t.Logf("capacity %d", capacity)

	const timeout = 300 * time.Millisecond
	dropper := probetest.SynDropper(t)
	var jobs []Job
	for i := range 200 {
		jobs = append(jobs, Job{Component: "c", Probe: status.Probe{ID: fmt.Sprintf("p%d", i), Type: status.ProbeTCP, Address: dropper, Timeout: timeout}})
	}
	for _, asked := range []int{0, DefaultWorkers} {
		rep := New(Options{}).Round(context.Background(), jobs, asked)
		if len(rep.Results) != len(jobs) || len(rep.Problems) > 0 {
			t.Fatalf("asked for %d: %d results, problems %v", asked, len(rep.Results), rep.Problems)
		}
		for _, res := range rep.Results {
			if res.Outcome != status.OutcomeDown || res.Reason != "timeout after 300ms while connecting" || res.Latency < timeout {
				t.Errorf("asked for %d: %s %s in %v: %q", asked, res.Probe, res.Outcome, res.Latency, res.Reason)
			}
		}
	}
}
