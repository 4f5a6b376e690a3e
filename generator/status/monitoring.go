package status

import "time"

// StaleAfter is how many probe intervals may pass without a new sample
// before monitoring data is called stale. A dead probe pipeline must never
// leave the page green.
const StaleAfter = 3

// DefaultProbeInterval is assumed when history holds too few rounds to
// measure how often probes run.
const DefaultProbeInterval = 5 * time.Minute

// SiteMonitoring is what probe history says about the site at a snapshot's
// Now: the monitoring data a page shows next to its incidents.
type SiteMonitoring struct {
	// Newest is the time of the newest sample of any probe; zero if none.
	Newest time.Time
	// Interval is how often probe rounds run, measured from history.
	Interval time.Duration
	// Stale is set when the site has probes but no sample newer than
	// StaleAfter intervals: the page must say so instead of showing green.
	Stale bool
	// Components holds every component of the config, probed or not.
	Components map[string]*ComponentMonitoring
}

// ComponentMonitoring is one component's monitoring data.
type ComponentMonitoring struct {
	ID string
	// Probed is set when status.yaml declares probes for the component.
	Probed bool
	// State is the component's state according to its probes alone, after
	// down_after; Operational when it has no probe or no fresh data.
	State ComponentStatus
	// Checked is the time of the component's newest sample; zero if none.
	Checked time.Time
	// Stale is set for a probed component with no sample newer than
	// StaleAfter intervals; its State then does not come from probes.
	Stale  bool
	Probes []ProbeState
	// Days covers history_days days ending today in the site's zone,
	// oldest first.
	Days []Day
	// Latency holds per-probe daily response times over Days.
	Latency []LatencySeries
}

// ProbeState is where one probe stands at the snapshot's Now.
type ProbeState struct {
	ID   string
	Type ProbeType
	// Outcome is the confirmed outcome: down only after down_after
	// consecutive failed rounds, degraded after as many rounds not up.
	Outcome Outcome
	// Regions that currently confirm Outcome, and how many regions report.
	Failing, Regions int
	// Last is the newest sample (of any region).
	Last Result
	// Streak counts the newest consecutive rounds sharing Last's outcome
	// in Last's region.
	Streak int
	// StreakStart is the time of the oldest round of Streak.
	StreakStart time.Time
	// NoData is set when the probe has no sample at all.
	NoData bool
}

// Day is one day of a component's uptime bar.
type Day struct {
	// Date is midnight in the site's zone.
	Date time.Time
	// Samples counted per outcome; Maintenance counts samples taken during
	// a maintenance window of the component, which count toward nothing.
	Rounds, Up, Degraded, Down, Maintenance int
	P50, P95                                time.Duration
	// Incident is the worst effect of the incidents and maintenance that
	// overlap the day; "" when none did.
	Incident ComponentStatus
	// Status colours the bar; "" means no data, which is never shown as up.
	Status ComponentStatus
}

// NoData reports whether nothing is known about the day.
func (d Day) NoData() bool { return d.Status == "" }

// Counted is the number of samples the uptime is computed from.
func (d Day) Counted() int { return d.Rounds - d.Maintenance }

// Uptime is the share of counted samples that found the service working
// (up or degraded), in percent; ok is false with no counted sample.
func (d Day) Uptime() (pct float64, ok bool) {
	n := d.Counted()
	if n <= 0 {
		return 0, false
	}
	return 100 * float64(d.Up+d.Degraded) / float64(n), true
}

// Uptime is the component's uptime over all its Days, in percent; ok is
// false when no day has data.
func (m *ComponentMonitoring) Uptime() (pct float64, ok bool) {
	good, n := 0, 0
	for _, d := range m.Days {
		good += d.Up + d.Degraded
		n += d.Counted()
	}
	if n == 0 {
		return 0, false
	}
	return 100 * float64(good) / float64(n), true
}

// LatencySeries is one probe's response time over time.
type LatencySeries struct {
	Probe  string
	Points []LatencyPoint
}

// LatencyPoint summarizes the latencies of a period starting at Time.
type LatencyPoint struct {
	Time     time.Time
	P50, P95 time.Duration
}

// DayStatus colours a day from its samples: the thresholds read like
// Statuspage's uptime bars, where one failed check in a day is not an
// outage but an hour down is.
func DayStatus(up, degraded, down int) ComponentStatus {
	n := up + degraded + down
	if n == 0 {
		return ""
	}
	pct := 100 * float64(up+degraded) / float64(n)
	switch {
	case pct < 95:
		return MajorOutage
	case pct < 99:
		return PartialOutage
	case pct < 99.9 || degraded*10 >= n:
		return DegradedPerformance
	}
	return Operational
}

// Overlap returns the worst effect on the component of the incidents and
// maintenance that overlap [from, to), or "" when none does.
func Overlap(id string, incidents []Incident, from, to, now time.Time) ComponentStatus {
	var worst ComponentStatus
	for i := range incidents {
		in := &incidents[i]
		// Called for every day of every component's bar with every
		// incident: the time tests, which rule out nearly all, go first.
		start := in.Start()
		if !start.Before(to) {
			continue
		}
		end := in.End()
		if end.IsZero() || end.After(now) {
			end = now
		}
		if !end.After(from) || !in.AffectsComponent(id) {
			continue
		}
		if in.IsMaintenance() && in.Phase(now) == PhaseUpcoming {
			continue
		}
		eff := in.Effect(id)
		if worst == "" || eff.Rank() > worst.Rank() {
			worst = eff
		}
	}
	return worst
}

// AttachMonitoring folds probe-derived states into the snapshot: each
// component shows the worst of its active incidents and its probes, except
// under active maintenance, which masks probe failures. Stale or missing
// probe data adds nothing. A nil m leaves the snapshot as incidents made it.
func (s *Snapshot) AttachMonitoring(m *SiteMonitoring) {
	s.Monitoring = m
	if m == nil {
		return
	}
	states := make([]ComponentStatus, 0, len(s.Config.Components))
	for _, c := range s.Config.Components {
		st := ComponentState(c.ID, s.Incidents, s.Now)
		if cm := m.Components[c.ID]; cm != nil && !cm.Stale && !maintenanceActive(c.ID, s.Incidents, s.Now) {
			st = Worst(st, cm.State)
		}
		s.States[c.ID] = st
		states = append(states, st)
	}
	s.Indicator = OverallIndicator(states, s.Incidents, s.Now)
}

func maintenanceActive(id string, incidents []Incident, now time.Time) bool {
	for i := range incidents {
		in := &incidents[i]
		if in.IsMaintenance() && in.AffectsComponent(id) && in.Active(now) {
			return true
		}
	}
	return false
}
