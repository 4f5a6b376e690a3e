package view

import (
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// What probe history puts on the pages. The numbers the theme shows are
// computed here: uptimes rounded down (99.96 % must not read as 100 %),
// "checked N minutes ago" at build time, runs of alike days.

// siteMonitoring is the site-wide part, on the home page's params and,
// as site_monitoring while stale, on each component page's.
type siteMonitoring struct {
	// Probed is set when status.yaml declares probes.
	Probed bool `json:"probed"`
	// Stale is set when no probe reported for three intervals: the page
	// must say so rather than look green.
	Stale bool `json:"stale"`
	// Newest is the newest sample of any probe, absent when none.
	Newest    *stamp `json:"newest,omitempty"`
	NewestAgo *span  `json:"newest_ago,omitempty"`
	// Days is history_days, the number of days the bars cover.
	Days int `json:"days"`
}

// componentMonitoring is one component's part.
type componentMonitoring struct {
	Probed bool `json:"probed"`
	// Stale is set for a probed component with no sample for three
	// intervals; its state then comes from incidents alone.
	Stale bool `json:"stale"`
	// Uptime is the percentage over all days with data, rounded down to
	// two decimals; absent when no day has data.
	Uptime     *float64 `json:"uptime,omitempty"`
	Checked    *stamp   `json:"checked,omitempty"`
	CheckedAgo *span    `json:"checked_ago,omitempty"`
	// LatencyMS is today's median response time of the component's main
	// probe (its first HTTP one, else its first), in milliseconds: the
	// figure the home page shows beside the uptime. Absent without a
	// measurement today, or with stale data, where an old figure would
	// pass for a current one.
	LatencyMS *int64 `json:"latency_ms,omitempty"`
	// DownAfter is how many failed rounds in a row make a probe down.
	DownAfter int `json:"down_after"`
	// Bars are the uptime bar's segments, oldest first: one per day on a
	// component's page, runs of alike days on the home page.
	Bars []bar `json:"bars"`
	// Days is how many days the bar covers, all its segments together.
	Days int `json:"days"`
	// Label names the bar for screen readers, by language key: the
	// component and its days, and for a bar told as a whole (Told) the
	// summary of its days. Start is the words under its first end ("90
	// days ago").
	Label map[string]string `json:"label"`
	Start map[string]string `json:"start"`
	// Told sums up the days of a home page bar of more than homeTold
	// segments, which the theme then draws without words for each
	// segment; absent otherwise.
	Told *barsTold `json:"told,omitempty"`
	// Chart is the response-time chart (component page only).
	Chart  *chartParams `json:"chart,omitempty"`
	Probes []probeParam `json:"probes,omitempty"`
}

// bar is one day of the uptime bar, or a run of consecutive days that
// look alike (same colour and incident effect), summed.
type bar struct {
	// From is the first day ("2006-01-02", site zone); To the last one
	// when the bar covers several.
	From string `json:"from"`
	To   string `json:"to,omitempty"`
	// Days is how many days the bar covers.
	Days int `json:"days"`
	// Status is a component state, or no_data: no sample and no incident.
	Status string `json:"status"`
	// NoDataDays counts days without data in a bar of mixed days.
	NoDataDays int `json:"no_data_days,omitempty"`
	// Uptime is the percentage rounded down to one decimal, absent with
	// no counted sample.
	Uptime *float64 `json:"uptime,omitempty"`
	Rounds int      `json:"rounds,omitempty"`
	Down   int      `json:"down,omitempty"`
	// Degraded counts rounds that worked, slowly.
	Degraded    int `json:"degraded,omitempty"`
	Maintenance int `json:"maintenance,omitempty"`
	// Incident is the worst effect of the incidents and maintenance that
	// overlap the days.
	Incident string `json:"incident,omitempty"`
	// Label is what the segment says, by language key: its dates and
	// figures ("Mar 9, 2024: Uptime 91.6 %, 24 rounds down"). Absent in a
	// bar told as a whole.
	Label map[string]string `json:"label,omitempty"`
}

type probeParam struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	// Outcome is the confirmed one: down only after down_after rounds.
	Outcome string `json:"outcome"`
	NoData  bool   `json:"no_data,omitempty"`
	// Failing of Regions confirm Outcome; Regions is 0 or 1 for a probe
	// run from one place.
	Failing int `json:"failing,omitempty"`
	Regions int `json:"regions,omitempty"`
	// Streak is how many newest rounds share the last outcome.
	Streak int `json:"streak,omitempty"`
	// Since is the first failed round of a probe confirmed down or
	// degraded.
	Since *since     `json:"since,omitempty"`
	Last  *lastParam `json:"last,omitempty"`
}

type lastParam struct {
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason,omitempty"`
	LatencyMS int64  `json:"latency_ms"`
	Region    string `json:"region,omitempty"`
	At        *stamp `json:"at"`
	Ago       span   `json:"ago"`
}

const noData = "no_data"

func monitoringOf(snap *status.Snapshot, f formatter) *siteMonitoring {
	h := snap.Monitoring
	if h == nil {
		return nil
	}
	m := &siteMonitoring{Stale: h.Stale, Days: snap.Config.HistoryDaysOrDefault()}
	for _, c := range snap.Config.Components {
		m.Probed = m.Probed || len(c.Probes) > 0
	}
	if !h.Newest.IsZero() {
		m.Newest = f.stamp(h.Newest)
		m.NewestAgo = ago(snap.Now, h.Newest)
	}
	return m
}

// componentMonitoringOf returns what the page of component c shows, or
// nil when the build has no history. With segments 0, bars are single
// days and the chart and probes come along; otherwise it is the home
// page's compact summary, its bar in at most that many segments.
func componentMonitoringOf(snap *status.Snapshot, c status.Component, f formatter, segments int) *componentMonitoring {
	full := segments == 0
	if snap.Monitoring == nil {
		return nil
	}
	ch := snap.Monitoring.Components[c.ID]
	if ch == nil {
		return nil
	}
	bs, runs := bars(ch.Days, segments)
	m := &componentMonitoring{Probed: ch.Probed, Stale: ch.Stale, DownAfter: c.DownAfterOrDefault(), Bars: bs, Days: len(ch.Days)}
	if !full && runs > homeTold {
		m.Told = tell(ch.Days)
	}
	if pct, ok := ch.Uptime(); ok {
		v := floorTo(pct, 100)
		m.Uptime = &v
	}
	f.labelBars(m, c.Name)
	if !ch.Checked.IsZero() {
		m.Checked = f.stamp(ch.Checked)
		m.CheckedAgo = ago(snap.Now, ch.Checked)
	}
	// A median under a millisecond reads as 0, the same as no measurement:
	// such a probe shows none rather than a misleading "0 ms".
	if n := len(ch.Days); n > 0 && !ch.Stale && ch.Days[n-1].P50 > 0 {
		ms := ch.Days[n-1].P50.Milliseconds()
		m.LatencyMS = &ms
	}
	if !full {
		return m
	}
	if ch.Probed {
		m.Chart = chartOf(c.ID, ch)
	}
	for _, ps := range ch.Probes {
		p := probeParam{
			ID: ps.ID, Type: string(ps.Type), Outcome: string(ps.Outcome), NoData: ps.NoData,
			Failing: ps.Failing, Regions: ps.Regions, Streak: ps.Streak,
		}
		if ps.NoData {
			p.Outcome = noData
		} else {
			p.Last = &lastParam{
				Outcome: string(ps.Last.Outcome), Reason: ps.Last.Reason,
				LatencyMS: ps.Last.Latency.Milliseconds(), Region: ps.Last.Region,
				At: f.stamp(ps.Last.Time), Ago: *ago(snap.Now, ps.Last.Time),
			}
			if ps.Outcome != status.OutcomeUp {
				p.Since = sinceOf(snap, f, ps.StreakStart)
			}
		}
		m.Probes = append(m.Probes, p)
	}
	return m
}

// homeBars bounds the segments of a component's bar on the home page:
// even a component that flaps every other day keeps the page small.
const homeBars = 20

// homeSegments bounds the segments of all the home page's bars: past 10
// components each bar has fewer than homeBars, down to homeTold, so that
// a hundred flapping components keep the page under 100 KB.
const homeSegments = 200

// homeBarSegments is how many segments each bar of a home page listing
// that many components may have.
func homeBarSegments(components int) int {
	return max(homeTold, min(homeBars, homeSegments/max(components, 1)))
}

// homeTold is how many segments of a home page bar are told one by one,
// each its dates and figures in words (read aloud, shown on hover). A bar
// of more, a component that flaps, is drawn without words and told as one
// summary of its days (barsTold): told one by one, its 20 segments would
// weigh 2-3 KB, and ten such components the home page's whole budget.
const homeTold = 6

// barsTold is a bar's days in a few figures: what a screen reader says
// for a bar too dense to tell segment by segment. The component's page
// tells every day.
type barsTold struct {
	// IncidentDays counts days an incident touched (maintenance aside);
	// Worst is the worst effect among them.
	IncidentDays int    `json:"incident_days,omitempty"`
	Worst        string `json:"worst,omitempty"`
	Down         int    `json:"down,omitempty"`
	Degraded     int    `json:"degraded,omitempty"`
	NoDataDays   int    `json:"no_data_days,omitempty"`
}

func tell(days []status.Day) *barsTold {
	t := &barsTold{}
	for _, d := range days {
		t.Down += d.Down
		t.Degraded += d.Degraded
		if d.NoData() {
			t.NoDataDays++
		}
		if d.Incident == "" || d.Incident == status.UnderMaintenance {
			continue
		}
		t.IncidentDays++
		if d.Incident.Rank() > status.ComponentStatus(t.Worst).Rank() {
			t.Worst = string(d.Incident)
		}
	}
	return t
}

// bars turns days into the uptime bar. With a limit, consecutive days of
// the same colour and incident effect become one bar with their counts
// summed: the home page shows every component's 90 days, and a quiet
// quarter is then a handful of elements rather than 90. Past limit
// segments, the narrowest neighbours merge further (those of one colour
// sooner), coloured by the worse of the two: the home page may show a day
// worse than it was, never better, and the component's page has every day.
// Without (0), each day is a segment. runs is how many segments there were
// before the limit.
func bars(days []status.Day, limit int) (out []bar, runs int) {
	merge := limit > 0
	segs := make([]segment, 0, len(days))
	for _, d := range days {
		s := segment{bar: bar{
			From: d.Date.Format(time.DateOnly), Days: 1, Status: string(d.Status), Rounds: d.Rounds,
			Down: d.Down, Degraded: d.Degraded, Maintenance: d.Maintenance, Incident: string(d.Incident),
		}, good: d.Up + d.Degraded, counted: d.Counted()}
		if d.NoData() {
			s.Status, s.NoDataDays = noData, 1
		}
		if n := len(segs); merge && n > 0 && segs[n-1].Status == s.Status && segs[n-1].Incident == s.Incident {
			segs[n-1].join(s)
			continue
		}
		segs = append(segs, s)
	}
	// Merging neighbours of one colour loses no colour: at equal width,
	// those go first.
	cost := func(i int) int {
		c := segs[i].Days + segs[i+1].Days
		if segs[i].Status != segs[i+1].Status || segs[i].Incident != segs[i+1].Incident {
			c *= 2
		}
		return c
	}
	runs = len(segs)
	for merge && len(segs) > limit {
		best := 0
		for i := 1; i+1 < len(segs); i++ {
			if cost(i) < cost(best) {
				best = i
			}
		}
		segs[best].join(segs[best+1])
		segs = append(segs[:best+1], segs[best+2:]...)
	}
	out = make([]bar, len(segs))
	for i, s := range segs {
		out[i] = s.bar
		if s.counted > 0 {
			v := floorTo(100*float64(s.good)/float64(s.counted), 10)
			out[i].Uptime = &v
		}
		if s.NoDataDays == s.Days {
			out[i].NoDataDays = 0 // the status says it
		}
	}
	return out, runs
}

// segment is a bar being built, with what its uptime is computed from.
type segment struct {
	bar
	good, counted int
}

// join appends the next segment: counts add up, status and incident take
// the worse of the two.
func (s *segment) join(next segment) {
	s.To = next.From
	if next.To != "" {
		s.To = next.To
	}
	s.Days += next.Days
	s.NoDataDays += next.NoDataDays
	s.Rounds += next.Rounds
	s.Down += next.Down
	s.Degraded += next.Degraded
	s.Maintenance += next.Maintenance
	s.good += next.good
	s.counted += next.counted
	if barRank(next.Status) > barRank(s.Status) {
		s.Status = next.Status
	}
	if status.ComponentStatus(next.Incident).Rank() > status.ComponentStatus(s.Incident).Rank() {
		s.Incident = next.Incident
	}
}

// barRank orders bar colours: no data ranks above operational, so that a
// segment with a day nobody checked is grey rather than green.
func barRank(st string) int {
	switch st {
	case noData:
		return 1
	case string(status.Operational):
		return 0
	}
	return 1 + status.ComponentStatus(st).Rank()
}

// floorTo rounds a percentage down to 1/scale, so that any failure keeps
// it below 100. The epsilon absorbs float error in exact quotients
// (99.9 must not become 99.8).
func floorTo(pct float64, scale float64) float64 {
	v := float64(int64(pct*scale+1e-9)) / scale
	if v >= 100 && pct < 100 {
		v = 100 - 1/scale
	}
	return v
}

// ago is how long before now t was, in whole minutes: a page says
// "checked 3 min ago", not "3 min 12 s".
func ago(now, t time.Time) *span {
	d := max(now.Sub(t), 0).Truncate(time.Minute)
	s := newSpan(d)
	return &s
}

// since is when a problem began, with how long before the build, for the
// theme's checked.html rule: a clock time within half a day, else the date.
type since struct {
	At  *stamp `json:"at"`
	Ago *span  `json:"ago"`
}

func sinceOf(snap *status.Snapshot, f formatter, t time.Time) *since {
	if t.IsZero() {
		return nil
	}
	return &since{At: f.stamp(t), Ago: ago(snap.Now, t)}
}
