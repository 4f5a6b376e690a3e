package monitoring

import (
	"slices"
	"sort"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/status"
)

// dayGrid is the uptime bar's days: history_days local days ending today
// in the site's zone.
type dayGrid struct {
	starts []int64 // Unix nanoseconds of each local midnight, plus the end of today
	dates  []time.Time
	byDate map[int]int // yyyymmdd -> index
}

func newDayGrid(cfg *status.Config, now time.Time) *dayGrid {
	n := cfg.HistoryDaysOrDefault()
	loc := cfg.Loc()
	local := now.In(loc)
	g := &dayGrid{byDate: make(map[int]int, n)}
	for i := n - 1; i >= -1; i-- {
		// time.Date normalizes day overflow and finds midnight across DST.
		d := time.Date(local.Year(), local.Month(), local.Day()-i, 0, 0, 0, 0, loc)
		g.starts = append(g.starts, d.UnixNano())
		if i >= 0 {
			g.byDate[yyyymmdd(d)] = len(g.dates)
			g.dates = append(g.dates, d)
		}
	}
	return g
}

func yyyymmdd(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

// index returns the day holding t, or -1 outside the grid.
func (g *dayGrid) index(unixNano int64) int {
	if unixNano < g.starts[0] || unixNano >= g.starts[len(g.starts)-1] {
		return -1
	}
	return sort.Search(len(g.dates), func(i int) bool { return g.starts[i+1] > unixNano })
}

// indexFrom is index for times mostly in ascending order: it looks first
// at the day of the previous time, *cur, since a series has 288 samples a
// day at a 5-minute cadence.
func (g *dayGrid) indexFrom(unixNano int64, cur *int) int {
	if i := *cur; i < len(g.dates) && unixNano >= g.starts[i] && unixNano < g.starts[i+1] {
		return i
	}
	i := g.index(unixNano)
	if i >= 0 {
		*cur = i
	}
	return i
}

// days folds a component's history into its uptime bar and per-probe
// daily response times. Rollups count by quarter hour, each on the local
// day holding it; the latency percentiles of a rollup, and all of an old
// rollup without quarters, land on the local day of the same date as its
// UTC day. Samples inside the component's maintenance windows count as
// maintenance, not as downtime, and so does a rollup's quarter hour (an
// old rollup's whole day) that a window covers.
func (g *dayGrid) days(c status.Component, all []*history.Series, incidents []status.Incident, now, first time.Time) ([]status.Day, []status.LatencySeries) {
	n := len(g.dates)
	days := make([]status.Day, n)
	windows := history.MaintenanceWindows(c.ID, incidents)
	// Rollup latencies by probe and day; raw ones are gathered per day below.
	type lat struct{ p50, p95 []int32 }
	lats := map[string]*lat{}
	for _, p := range c.Probes {
		lats[p.ID] = &lat{p50: make([]int32, n), p95: make([]int32, n)}
	}
	for _, s := range all {
		l := lats[s.Probe]
		cur := 0
		for _, x := range s.Samples {
			i := g.indexFrom(x.UnixNano, &cur)
			if i < 0 {
				continue
			}
			d := &days[i]
			d.Rounds++
			if len(windows) > 0 && windows.Holds(x.UnixNano) {
				d.Maintenance++
				continue
			}
			switch x.Outcome {
			case history.Up:
				d.Up++
			case history.Degraded:
				d.Degraded++
			case history.Down:
				d.Down++
			}
		}
		for _, r := range s.Rollups {
			i, ok := g.byDate[yyyymmdd(r.Date())]
			if r.Quarters != nil {
				g.addQuarters(days, r, windows)
			} else if ok {
				whole := history.Quarter{Up: r.Up, Degraded: r.Degraded, Down: r.Down, Maintenance: r.Maintenance}
				add(&days[i], whole, windows.Covers(r.Day*1e9, (r.Day+86400)*1e9))
			}
			if ok && l != nil {
				l.p50[i] = max(l.p50[i], r.P50MS)
				l.p95[i] = max(l.p95[i], r.P95MS)
			}
		}
	}

	var series []status.LatencySeries
	primary := primaryProbe(c)
	// One day's raw latencies at a time, in one reused slice: a slice per
	// day and probe made 20 of the 29 MB Derive allocated in BenchmarkBuildLoad.
	var raw []int32
	for _, p := range c.Probes {
		l := lats[p.ID]
		ls := status.LatencySeries{Probe: p.ID}
		probeSeries := seriesOf(all, p.ID)
		// Samples are sorted, so each series is walked once, day by day.
		next := make([]int, len(probeSeries))
		for i := range n {
			raw = raw[:0]
			for k, s := range probeSeries {
				j := next[k]
				for ; j < len(s.Samples) && s.Samples[j].UnixNano < g.starts[i+1]; j++ {
					x := s.Samples[j]
					if x.UnixNano < g.starts[i] || x.Outcome == history.Down || (len(windows) > 0 && windows.Holds(x.UnixNano)) {
						continue
					}
					raw = append(raw, x.LatencyMS)
				}
				next[k] = j
			}
			p50, p95 := l.p50[i], l.p95[i]
			if len(raw) > 0 {
				slices.Sort(raw)
				p50, p95 = history.Percentile(raw, 50), history.Percentile(raw, 95)
			} else if p95 == 0 && p50 == 0 {
				continue
			}
			pt := status.LatencyPoint{Time: g.dates[i], P50: ms(p50), P95: ms(p95)}
			ls.Points = append(ls.Points, pt)
			if p.ID == primary {
				days[i].P50, days[i].P95 = pt.P50, pt.P95
			}
		}
		series = append(series, ls)
	}

	probed := len(c.Probes) > 0
	for i := range days {
		d := &days[i]
		d.Date = g.dates[i]
		d.Incident = status.Overlap(c.ID, incidents, d.Date, time.Unix(0, g.starts[i+1]), now)
		switch {
		case d.Counted() > 0:
			d.Status = status.DayStatus(d.Up, d.Degraded, d.Down)
		case d.Maintenance > 0:
			d.Status = status.UnderMaintenance
		case !probed && d.Rounds == 0 && !d.Date.After(now) && g.starts[i+1] > first.UnixNano():
			// No probe: incidents alone drive the component, as on
			// Statuspage, so a quiet day is operational, from the site's
			// first day on.
			d.Status = status.Operational
		}
		if d.Incident != "" {
			if d.Status == "" {
				d.Status = d.Incident
			} else {
				d.Status = status.Worst(d.Status, d.Incident)
			}
		}
	}
	return days, series
}

// addQuarters adds each quarter hour of a rollup to the local day that
// holds it: every zone's midnight falls on a quarter hour. A run is added
// a day at a time, quarter by quarter only where a window touches it.
func (g *dayGrid) addQuarters(days []status.Day, r history.Rollup, windows history.Windows) {
	const quarter = 86400 / history.QuartersPerDay * 1e9
	from := r.Day * 1e9
	cur := 0
	for _, run := range r.Quarters {
		end := from + int64(run.N)*quarter
		for from < end && run.Samples() > 0 {
			if from >= g.starts[len(g.starts)-1] {
				return
			}
			if from < g.starts[0] {
				from += max(1, (g.starts[0]-from+quarter-1)/quarter) * quarter
				continue
			}
			i := g.indexFrom(from, &cur)
			to := min(end, from+(g.starts[i+1]-from+quarter-1)/quarter*quarter)
			if !windows.Touch(from, to) {
				addTimes(&days[i], run.Quarter, int((to-from)/quarter))
				from = to
				continue
			}
			for ; from < to; from += quarter {
				add(&days[i], run.Quarter, windows.Covers(from, from+quarter))
			}
		}
		from = end
	}
}

// addTimes adds n quarter hours with the counts of q to d.
func addTimes(d *status.Day, q history.Quarter, n int) {
	d.Rounds += n * int(q.Samples())
	d.Up += n * int(q.Up)
	d.Degraded += n * int(q.Degraded)
	d.Down += n * int(q.Down)
	d.Maintenance += n * int(q.Maintenance)
}

// add counts q on d; all of it is maintenance when a window covers it.
func add(d *status.Day, q history.Quarter, covered bool) {
	n := int(q.Samples())
	d.Rounds += n
	if covered {
		d.Maintenance += n
		return
	}
	d.Up += int(q.Up)
	d.Degraded += int(q.Degraded)
	d.Down += int(q.Down)
	d.Maintenance += int(q.Maintenance)
}

func ms(v int32) time.Duration { return time.Duration(v) * time.Millisecond }

// primaryProbe is the probe whose response time a day shows: the first
// http probe, else the first probe.
func primaryProbe(c status.Component) string {
	for _, p := range c.Probes {
		if p.Type == status.ProbeHTTP {
			return p.ID
		}
	}
	if len(c.Probes) > 0 {
		return c.Probes[0].ID
	}
	return ""
}
