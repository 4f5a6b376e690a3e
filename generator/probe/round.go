package probe

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// DefaultWorkers asks Round for as many probes at once as the process can
// open sockets for (Capacity), which is what a round needs to end at its
// longest timeout: a probe queued behind hanging ones starts late and ends
// late. Any larger request is bounded the same way.
const DefaultWorkers = MaxWorkers

// Job is one probe of one component.
type Job struct {
	Component string
	Probe     status.Probe
}

// Jobs lists every probe of the config, in file order.
func Jobs(cfg *status.Config) []Job {
	var jobs []Job
	for _, c := range cfg.Components {
		for _, p := range c.Probes {
			jobs = append(jobs, Job{Component: c.ID, Probe: p})
		}
	}
	return jobs
}

// Report is the outcome of a round.
type Report struct {
	// Results are in the order of the jobs, without the probes that did
	// not run.
	Results []status.Result
	// Problems are probes that could not run: configuration errors, probes
	// not started for want of time before the round's deadline, and probes
	// the round stopped (cancelled) while they ran. They are not findings
	// about targets and are not recorded.
	Problems []error
}

// ErrRoundDeadline marks a probe the round had no time left for, or
// stopped before its own timeout: errors.Is(problem, ErrRoundDeadline).
var ErrRoundDeadline = errors.New("round deadline reached before the probe finished")

// roundError is a probe the round did not let run its course.
type roundError struct{ key, msg string }

func (e *roundError) Error() string        { return "probe " + e.key + ": " + e.msg }
func (e *roundError) Is(target error) bool { return target == ErrRoundDeadline }

// errRoundStopped is the cause a probe's context carries when the round,
// not the probe's own timeout, ended it.
var errRoundStopped = errors.New("round stopped")

// Round runs every job once with at most workers at a time, and never
// more than Capacity allows (workers <= 0 asks for that many). ctx bounds
// the whole round.
//
// A result is a finding about the target only when the target had the
// probe's whole timeout. That is made structural, not read from which
// context happened to report first: a probe starts only when its own
// deadline (now plus its timeout) falls no later than the round's, and it
// runs under a context of its own, with that deadline, which the round
// can only cancel (SIGTERM, Ctrl-C), not shorten. So a probe's timeout is
// always its own; a probe the round has no time left for is not started
// and is reported, not recorded, and so is one the round cancelled while
// it ran.
func (r *Runner) Round(ctx context.Context, jobs []Job, workers int) Report {
	workers = roundWorkers(workers, len(jobs))
	type slot struct {
		res status.Result
		err error
	}
	slots := make([]slot, len(jobs))
	// One goroutine per job, started as soon as a place is free. With
	// places for all, every probe starts at once and the round ends at
	// its longest timeout, plus the moment the machine takes to start
	// them all.
	places := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, i := range longestFirst(jobs) {
		places <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-places }()
			res, err := r.runInRound(ctx, jobs[i])
			slots[i] = slot{res, err}
		}()
	}
	wg.Wait()

	var rep Report
	for _, s := range slots {
		if s.err != nil {
			rep.Problems = append(rep.Problems, s.err)
			continue
		}
		rep.Results = append(rep.Results, s.res)
	}
	return rep
}

// longestFirst lists the jobs' indexes by timeout, longest first and in
// file order among equals. A round ends when its last probe does, so the
// probes that may take longest start first, and those queued behind them
// are the quick ones.
func longestFirst(jobs []Job) []int {
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(timeoutOf(jobs[b].Probe), timeoutOf(jobs[a].Probe))
	})
	return order
}

// roundWorkers is how many of n probes a round runs at once when asked
// for workers.
func roundWorkers(workers, n int) int {
	limit := Capacity()
	if workers <= 0 || workers > limit {
		workers = limit
	}
	return max(min(workers, n), 1)
}

// runInRound runs one job if the round leaves it its whole timeout, under
// a context whose deadline is the probe's own.
func (r *Runner) runInRound(round context.Context, j Job) (status.Result, error) {
	key := j.Probe.Key(j.Component)
	if round.Err() != nil {
		return status.Result{}, &roundError{key, "not started: the round has ended"}
	}
	timeout := timeoutOf(j.Probe)
	// Wall time, like the contexts' deadlines; the Runner's clock only
	// stamps results.
	if rd, ok := round.Deadline(); ok && time.Now().Add(timeout).After(rd) {
		return status.Result{}, &roundError{key, fmt.Sprintf("not started: %s left before the round's deadline, less than its %s timeout",
			short(max(time.Until(rd), 0)), short(timeout))}
	}
	// The probe's deadline is set by Run, from the instant its latency is
	// measured from: fixed here, any wait for the CPU in between would be
	// taken from the target's time.
	stopped, stop := context.WithCancelCause(context.WithoutCancel(round))
	defer stop(nil)
	unwatch := context.AfterFunc(round, func() {
		// The round's deadline is no later than the probe's, so when it
		// passes the probe's own timeout has ended the probe already:
		// only a cancellation cuts a probe short.
		if !errors.Is(round.Err(), context.DeadlineExceeded) {
			stop(errRoundStopped)
		}
	})
	defer unwatch()
	res, err := r.Run(stopped, j.Component, j.Probe)
	// Set before the probe could see it stop, so never missed: a probe
	// the round ended is no finding, even one that ended on its own just
	// before.
	if errors.Is(context.Cause(stopped), errRoundStopped) {
		return status.Result{}, &roundError{key, "stopped with the round, before its own timeout"}
	}
	return res, err
}

func timeoutOf(p status.Probe) time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return status.DefaultProbeTimeout
}

// Deadline is a sensible bound for a round of these jobs: the longest
// timeout, plus slack for queueing when there are more jobs than workers.
func Deadline(jobs []Job, workers int) time.Duration {
	workers = roundWorkers(workers, len(jobs))
	var longest time.Duration
	for _, j := range jobs {
		longest = max(longest, timeoutOf(j.Probe))
	}
	waves := (len(jobs) + workers - 1) / workers
	// Most probes answer in milliseconds, so the queue rarely waits a full
	// timeout per wave; two waves' worth bounds the worst realistic case.
	// A probe this leaves too little time for is not started (Round).
	return longest*time.Duration(min(max(waves, 1), 2)) + 5*time.Second
}
