package probe

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// DefaultWorkers bounds how many probes run at once. Probes mostly wait on
// the network, so this is well above the core count; each costs a socket
// and at most BodyLimit of memory.
const DefaultWorkers = 128

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
	// Problems are probes that could not run: configuration errors, and
	// probes the round's deadline cut before their own timeout. They are
	// not findings about targets and are not recorded.
	Problems []error
}

// ErrRoundDeadline marks a probe the round's deadline stopped.
var ErrRoundDeadline = errors.New("round deadline reached before the probe finished")

// Round runs every job once with at most workers at a time (DefaultWorkers
// when workers <= 0). ctx's deadline bounds the whole round: a probe it
// cuts short gives no result, since not the target but the round stopped it.
func (r *Runner) Round(ctx context.Context, jobs []Job, workers int) Report {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	workers = min(workers, len(jobs))
	type slot struct {
		res status.Result
		err error
	}
	slots := make([]slot, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				if ctx.Err() != nil {
					slots[i].err = fmt.Errorf("probe %s: %w", j.Probe.Key(j.Component), ErrRoundDeadline)
					continue
				}
				start := time.Now()
				res, err := r.Run(ctx, j.Component, j.Probe)
				if err == nil && res.Outcome == status.OutcomeDown && ctx.Err() != nil && time.Since(start) < timeoutOf(j.Probe) {
					err = fmt.Errorf("probe %s: %w", j.Probe.Key(j.Component), ErrRoundDeadline)
				}
				slots[i] = slot{res, err}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
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

func timeoutOf(p status.Probe) time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return status.DefaultProbeTimeout
}

// Deadline is a sensible bound for a round of these jobs: the longest
// timeout, plus slack for queueing when there are more jobs than workers.
func Deadline(jobs []Job, workers int) time.Duration {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	var longest time.Duration
	for _, j := range jobs {
		longest = max(longest, timeoutOf(j.Probe))
	}
	waves := (len(jobs) + workers - 1) / workers
	// Most probes answer in milliseconds, so the queue rarely waits a full
	// timeout per wave; two waves' worth bounds the worst realistic case.
	return longest*time.Duration(min(max(waves, 1), 2)) + 5*time.Second
}
