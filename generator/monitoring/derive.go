// Package monitoring derives the monitoring data a page shows from probe
// history: each component's probe state (down only after down_after
// failed rounds, per region), whether its data is stale, its daily uptime
// bars and its response times, as a status.SiteMonitoring. It is named for
// what it makes: "monitoring" is the one name of that data, from
// status.Snapshot.Monitoring to the theme's monitoring params, whoever
// reads it (pages, alerts, drafts, deploy-due). Storing, reading and
// compacting the history files is package history's; it only reads them.
// It draws nothing: the view draws the response-time chart from the
// series.
package monitoring

import (
	"slices"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/status"
)

// Options tunes Derive.
type Options struct {
	// Interval is how often probes run; zero measures it from history.
	Interval time.Duration
	// Started is when the site began as far as the caller knows (the
	// start of its oldest incident, which Derive may not be given); see
	// siteStart.
	Started time.Time
}

// Since is how far back a build needs history for cfg at now.
func Since(cfg *status.Config, now time.Time) time.Time {
	days := cfg.HistoryDaysOrDefault()
	// One more day for the zone offset; Load reads whole months anyway.
	return now.AddDate(0, 0, -days-1)
}

// Derive computes what the page shows from history at now: each
// component's probe state (down only after down_after consecutive failed
// rounds), when it was last checked, whether its data is stale, its daily
// uptime bars over history_days and its response times. It is a pure
// function of its arguments.
func Derive(cfg *status.Config, incidents []status.Incident, set *history.Set, now time.Time, opts Options) *status.SiteMonitoring {
	h := &status.SiteMonitoring{Components: map[string]*status.ComponentMonitoring{}}
	h.Interval = opts.Interval
	if h.Interval <= 0 {
		h.Interval = measureInterval(cfg, set)
	}
	staleAfter := time.Duration(status.StaleAfter) * h.Interval
	probed := false
	grid := newDayGrid(cfg, now)
	first := siteStart(cfg, incidents, set, now, opts.Started)
	// Each day of each component's bar looks at the component's incidents
	// only: a component's share, not the whole list, per day.
	byComponent := map[string][]status.Incident{}
	for i := range incidents {
		in := &incidents[i]
		for k, id := range in.Components {
			if !slices.Contains(in.Components[:k], id) {
				byComponent[id] = append(byComponent[id], *in)
			}
		}
	}
	for _, c := range cfg.Components {
		ch := &status.ComponentMonitoring{ID: c.ID, Probed: len(c.Probes) > 0, State: status.Operational}
		h.Components[c.ID] = ch
		probed = probed || ch.Probed
		all := set.Component(c.ID)
		for _, p := range c.Probes {
			ps := probeState(p, c.DownAfterOrDefault(), seriesOf(all, p.ID), staleAfter)
			ch.Probes = append(ch.Probes, ps)
			if !ps.NoData && ps.Last.Time.After(ch.Checked) {
				ch.Checked = ps.Last.Time
			}
		}
		if ch.Checked.After(h.Newest) {
			h.Newest = ch.Checked
		}
		ch.Stale = ch.Probed && (ch.Checked.IsZero() || now.Sub(ch.Checked) > staleAfter)
		if !ch.Stale {
			for _, ps := range ch.Probes {
				ch.State = status.Worst(ch.State, probeEffect(ps))
			}
		}
		ch.Days, ch.Latency = grid.days(c, all, byComponent[c.ID], now, first)
	}
	h.Stale = probed && (h.Newest.IsZero() || now.Sub(h.Newest) > staleAfter)
	return h
}

// siteStart is the site's first day as far as its data tells: the
// earliest of known, its oldest incident and its oldest probe sample or
// rollup; now when it has none. A component without probes is
// operational from that day on, and has no colour before: a page made
// today does not show 90 green days.
func siteStart(cfg *status.Config, incidents []status.Incident, set *history.Set, now, known time.Time) time.Time {
	first := now
	earlier := func(t time.Time) {
		if !t.IsZero() && t.Before(first) {
			first = t
		}
	}
	earlier(known)
	for i := range incidents {
		earlier(incidents[i].Start())
	}
	for _, c := range cfg.Components {
		for _, s := range set.Component(c.ID) {
			if len(s.Rollups) > 0 {
				earlier(s.Rollups[0].Date())
			}
			if len(s.Samples) > 0 {
				earlier(s.Samples[0].Time())
			}
		}
	}
	return first
}

func seriesOf(all []*history.Series, probe string) []*history.Series {
	var out []*history.Series
	for _, s := range all {
		if s.Probe == probe {
			out = append(out, s)
		}
	}
	return out
}

// measureInterval estimates how often rounds run: the median gap between
// the newest samples of each series, then the median over series.
func measureInterval(cfg *status.Config, set *history.Set) time.Duration {
	var gaps []int64
	for _, c := range cfg.Components {
		for _, s := range set.Component(c.ID) {
			n := len(s.Samples)
			if n < 2 {
				continue
			}
			var own []int64
			for i := n - 1; i > 0 && i >= n-10; i-- {
				own = append(own, s.Samples[i].UnixNano-s.Samples[i-1].UnixNano)
			}
			slices.Sort(own)
			gaps = append(gaps, own[len(own)/2])
		}
	}
	if len(gaps) == 0 {
		return status.DefaultProbeInterval
	}
	slices.Sort(gaps)
	d := time.Duration(gaps[len(gaps)/2])
	return max(d, time.Minute)
}

// probeState applies down_after to each region's newest samples and
// combines the regions that still report.
func probeState(p status.Probe, downAfter int, series []*history.Series, staleAfter time.Duration) status.ProbeState {
	ps := status.ProbeState{ID: p.ID, Type: p.Type, Outcome: status.OutcomeUp}
	var newest int64
	for _, s := range series {
		if n := len(s.Samples); n > 0 && s.Samples[n-1].UnixNano > newest {
			newest = s.Samples[n-1].UnixNano
			x := s.Samples[n-1]
			ps.Last = status.Result{
				Time: x.Time(), Component: s.Component, Probe: s.Probe, Region: s.Region,
				Outcome: x.Outcome.Status(), Latency: time.Duration(x.LatencyMS) * time.Millisecond, Reason: s.Reason(x),
			}
			ps.Streak = streak(s.Samples, func(o history.Outcome) bool { return o == x.Outcome })
			ps.StreakStart = s.Samples[n-ps.Streak].Time()
		}
	}
	if newest == 0 {
		ps.NoData = true
		return ps
	}
	down, degraded := 0, 0
	for _, s := range series {
		n := len(s.Samples)
		// A region that stopped reporting no longer speaks for the probe.
		if n == 0 || time.Duration(newest-s.Samples[n-1].UnixNano) > staleAfter {
			continue
		}
		ps.Regions++
		switch {
		case streak(s.Samples, func(o history.Outcome) bool { return o == history.Down }) >= downAfter:
			down++
		case streak(s.Samples, func(o history.Outcome) bool { return o != history.Up }) >= downAfter:
			degraded++
		}
	}
	switch {
	case down > 0:
		ps.Outcome, ps.Failing = status.OutcomeDown, down
	case degraded > 0:
		ps.Outcome, ps.Failing = status.OutcomeDegraded, degraded
	}
	return ps
}

// streak counts the newest consecutive samples matching.
func streak(v []history.Sample, match func(history.Outcome) bool) int {
	n := 0
	for i := len(v) - 1; i >= 0 && match(v[i].Outcome); i-- {
		n++
	}
	return n
}

// probeEffect maps a probe's confirmed outcome to a component state: down
// from every region is a major outage, from some a partial one.
func probeEffect(ps status.ProbeState) status.ComponentStatus {
	switch ps.Outcome {
	case status.OutcomeDown:
		if ps.Failing < ps.Regions {
			return status.PartialOutage
		}
		return status.MajorOutage
	case status.OutcomeDegraded:
		return status.DegradedPerformance
	}
	return status.Operational
}

// Load reads the history a build of cfg needs at now from store and
// derives the monitoring data from it; attach the result with
// status.Snapshot.AttachMonitoring.
func Load(store *history.Store, cfg *status.Config, incidents []status.Incident, now time.Time, opts Options) (*status.SiteMonitoring, error) {
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	set, err := store.Load(ids, Since(cfg, now))
	if err != nil {
		return nil, err
	}
	return Derive(cfg, incidents, set, now, opts), nil
}
