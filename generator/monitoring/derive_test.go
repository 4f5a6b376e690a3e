package monitoring

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/status"
)

var deriveNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

func deriveConfig(t *testing.T) *status.Config {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	http := func(id string) status.Probe { return status.Probe{ID: id, Type: status.ProbeHTTP} }
	return &status.Config{
		Title: "t", BaseURL: "https://status.example.org/", Location: paris, HistoryDays: 7,
		Components: []status.Component{
			{ID: "web", Name: "Web", DownAfter: 2, Probes: []status.Probe{http("http"), {ID: "cert", Type: status.ProbeTLS}}},
			{ID: "api", Name: "API", DownAfter: 3, Probes: []status.Probe{http("http")}},
			{ID: "chat", Name: "Chat", DownAfter: 2},
			{ID: "mail", Name: "Mail", DownAfter: 2, Probes: []status.Probe{{ID: "smtp", Type: status.ProbeTCP}}},
		},
	}
}

func result(comp, probe string, at time.Time, o status.Outcome, ms int, reason string) status.Result {
	return status.Result{Time: at, Component: comp, Probe: probe, Outcome: o, Latency: time.Duration(ms) * time.Millisecond, Reason: reason}
}

// rounds returns results of one probe, one per 5 minutes, the last at
// deriveNow minus 2 minutes, with the given outcomes oldest first.
func rounds(comp, probe, region string, outcomes ...status.Outcome) []status.Result {
	var rs []status.Result
	last := deriveNow.Add(-2 * time.Minute)
	for i, o := range outcomes {
		r := result(comp, probe, last.Add(-time.Duration(len(outcomes)-1-i)*5*time.Minute), o, 100+i, "reason "+string(o))
		r.Region = region
		rs = append(rs, r)
	}
	return rs
}

func up(n int) []status.Outcome {
	out := make([]status.Outcome, n)
	for i := range out {
		out[i] = status.OutcomeUp
	}
	return out
}

func derive(t *testing.T, cfg *status.Config, incidents []status.Incident, now time.Time, results ...[]status.Result) *status.SiteMonitoring {
	t.Helper()
	s := history.Open(t.TempDir(), history.Options{NoSync: true})
	for _, rs := range results {
		if err := s.Append(rs); err != nil {
			t.Fatal(err)
		}
	}
	h, err := Load(s, cfg, incidents, now, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestDeriveDownAfter(t *testing.T) {
	cfg := deriveConfig(t)
	D, G, U := status.OutcomeDown, status.OutcomeDegraded, status.OutcomeUp
	tests := []struct {
		name     string
		outcomes []status.Outcome
		outcome  status.Outcome
		state    status.ComponentStatus
		streak   int
	}{
		{"one failure is a blip", append(up(10), D), U, status.Operational, 1},
		{"down_after failures", append(up(10), D, D), D, status.MajorOutage, 2},
		{"recovered", append(up(10), D, D, U), U, status.Operational, 1},
		{"slow, then down", append(up(10), G, D), G, status.DegradedPerformance, 1},
		{"one slow answer", append(up(10), G), U, status.Operational, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := derive(t, cfg, nil, deriveNow, rounds("web", "http", "", tt.outcomes...), rounds("web", "cert", "", up(11)...))
			web := h.Components["web"]
			ps := web.Probes[0]
			if ps.Outcome != tt.outcome || web.State != tt.state || ps.Streak != tt.streak || ps.Last.Outcome != tt.outcomes[len(tt.outcomes)-1] {
				t.Errorf("probe %s streak %d last %s, component %s; want %s streak %d, %s", ps.Outcome, ps.Streak, ps.Last.Outcome, web.State, tt.outcome, tt.streak, tt.state)
			}
			if ps.Last.Reason != "reason "+string(ps.Last.Outcome) || !ps.Last.Time.Equal(deriveNow.Add(-2*time.Minute)) {
				t.Errorf("last %+v", ps.Last)
			}
		})
	}
}

func TestDeriveRegions(t *testing.T) {
	cfg := deriveConfig(t)
	D := status.OutcomeDown
	h := derive(t, cfg, nil, deriveNow,
		rounds("api", "http", "eu", append(up(5), D, D, D)...),
		rounds("api", "http", "us", up(8)...))
	api := h.Components["api"]
	if ps := api.Probes[0]; ps.Outcome != D || ps.Failing != 1 || ps.Regions != 2 || api.State != status.PartialOutage {
		t.Errorf("one region of two down: %+v, %s", ps, api.State)
	}
	h = derive(t, cfg, nil, deriveNow,
		rounds("api", "http", "eu", append(up(5), D, D, D)...),
		rounds("api", "http", "us", append(up(5), D, D, D)...))
	if api := h.Components["api"]; api.State != status.MajorOutage {
		t.Errorf("every region down: %s", api.State)
	}
	// A region that stopped reporting an hour ago does not vote.
	old := rounds("api", "http", "us", up(8)...)
	for i := range old {
		old[i].Time = old[i].Time.Add(-time.Hour)
	}
	h = derive(t, cfg, nil, deriveNow, rounds("api", "http", "eu", append(up(5), D, D, D)...), old)
	if api := h.Components["api"]; api.State != status.MajorOutage || api.Probes[0].Regions != 1 {
		t.Errorf("retired region: %s %+v", api.State, api.Probes[0])
	}
}

func TestDeriveStale(t *testing.T) {
	cfg := deriveConfig(t)
	rs := rounds("web", "http", "", append(up(10), status.OutcomeDown, status.OutcomeDown)...)
	fresh := derive(t, cfg, nil, deriveNow, rs)
	if fresh.Interval != 5*time.Minute || fresh.Stale || fresh.Components["web"].Stale {
		t.Errorf("fresh: interval %v stale %v", fresh.Interval, fresh.Stale)
	}
	if !fresh.Components["mail"].Stale || !fresh.Components["mail"].Probes[0].NoData {
		t.Errorf("a probed component without samples must not look fresh")
	}
	if fresh.Components["chat"].Stale {
		t.Errorf("a component without probes is never stale")
	}
	// 16 minutes after the last sample: more than three 5-minute intervals.
	later := derive(t, cfg, nil, deriveNow.Add(14*time.Minute), rs)
	web := later.Components["web"]
	if !later.Stale || !web.Stale || web.State != status.Operational {
		t.Errorf("stale: site %v, web %v %s", later.Stale, web.Stale, web.State)
	}
	snap := status.NewSnapshot(cfg, nil, deriveNow.Add(14*time.Minute))
	snap.AttachMonitoring(later)
	if snap.States["web"] != status.Operational || snap.Monitoring != later {
		t.Errorf("stale probe data must not drive the state: %s", snap.States["web"])
	}
	if !derive(t, cfg, nil, deriveNow).Stale {
		t.Errorf("no history at all is stale")
	}
}

func TestAttachMonitoring(t *testing.T) {
	cfg := deriveConfig(t)
	D := status.OutcomeDown
	maint := status.Incident{ID: "m", Kind: status.KindMaintenance, Components: []string{"api"},
		Window: status.Window{Start: deriveNow.Add(-time.Hour), End: deriveNow.Add(time.Hour)}}
	minor := status.Incident{ID: "i", Kind: status.KindIncident, Components: []string{"web"}, Impact: status.ImpactMinor, Started: deriveNow.Add(-time.Hour)}
	incidents := []status.Incident{maint, minor}
	h := derive(t, cfg, incidents, deriveNow,
		rounds("web", "http", "", append(up(5), D, D)...),
		rounds("api", "http", "", append(up(5), D, D, D)...))

	plain := status.NewSnapshot(cfg, incidents, deriveNow)
	before := map[string]status.ComponentStatus{}
	for k, v := range plain.States {
		before[k] = v
	}
	plain.AttachMonitoring(nil)
	if plain.States["web"] != before["web"] || plain.Monitoring != nil {
		t.Errorf("nil history changed the snapshot")
	}

	s := status.NewSnapshot(cfg, incidents, deriveNow)
	s.AttachMonitoring(h)
	if s.States["web"] != status.MajorOutage {
		t.Errorf("web: minor incident and probes down: %s, want the worst", s.States["web"])
	}
	if s.States["api"] != status.UnderMaintenance {
		t.Errorf("api: maintenance masks probe failures: %s", s.States["api"])
	}
	if s.States["chat"] != status.Operational || s.Indicator != status.IndicatorCritical {
		t.Errorf("chat %s, indicator %s", s.States["chat"], s.Indicator)
	}
}

func TestDeriveDays(t *testing.T) {
	cfg := deriveConfig(t)
	paris := cfg.Location
	// Web: samples every 5 minutes for the last three local days; on
	// 2025-03-08 (Paris) down from 10:00 to 12:00.
	var rs []status.Result
	from := time.Date(2025, 3, 8, 0, 0, 0, 0, paris)
	for at := from; at.Before(deriveNow); at = at.Add(5 * time.Minute) {
		o, ms := status.OutcomeUp, 100
		if at.Day() == 8 && at.In(paris).Hour() >= 10 && at.In(paris).Hour() < 12 {
			o, ms = status.OutcomeDown, 10000
		}
		rs = append(rs, result("web", "http", at, o, ms, "r"))
	}
	// Api: a rollup for 2025-03-05, and samples during a maintenance on 03-09.
	maint := status.Incident{ID: "m", Kind: status.KindMaintenance, Components: []string{"api"},
		Window: status.Window{Start: time.Date(2025, 3, 9, 2, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 9, 4, 0, 0, 0, time.UTC)}}
	var api []status.Result
	for at := maint.Window.Start; at.Before(maint.Window.End); at = at.Add(5 * time.Minute) {
		api = append(api, result("api", "http", at, status.OutcomeDown, 1, "r"))
	}
	incident := status.Incident{ID: "i", Kind: status.KindIncident, Components: []string{"chat"}, Impact: status.ImpactMajor,
		Started: time.Date(2025, 3, 6, 10, 0, 0, 0, time.UTC), Resolved: time.Date(2025, 3, 6, 11, 0, 0, 0, time.UTC)}

	s := history.Open(t.TempDir(), history.Options{NoSync: true})
	s.Append(rs)
	s.Append(api)
	writeLine(t, s, "api", `{"day":"2025-03-05","component":"api","probe":"http","rounds":288,"up":200,"down":88,"p50_ms":40,"p95_ms":90}`)
	h, err := Load(s, cfg, []status.Incident{maint, incident}, deriveNow, Options{})
	if err != nil {
		t.Fatal(err)
	}

	web := h.Components["web"]
	if len(web.Days) != 7 || !web.Days[0].Date.Equal(time.Date(2025, 3, 4, 0, 0, 0, 0, paris)) || !web.Days[6].Date.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, paris)) {
		t.Fatalf("days %v .. %v", web.Days[0].Date, web.Days[len(web.Days)-1].Date)
	}
	for i := range 4 {
		if !web.Days[i].NoData() {
			t.Errorf("day %d without samples shows %q, want no data", i, web.Days[i].Status)
		}
	}
	d8 := web.Days[4]
	if pct, _ := d8.Uptime(); d8.Rounds != 288 || d8.Down != 24 || d8.Status != status.MajorOutage || pct < 91.6 || pct > 91.7 {
		t.Errorf("03-08: %+v %.2f%%", d8, pct)
	}
	if d9 := web.Days[5]; d9.Status != status.Operational || d9.P50 != 100*time.Millisecond {
		t.Errorf("03-09: %+v", d9)
	}
	if pct, ok := web.Uptime(); !ok || pct < 96.7 || pct > 96.8 { // 24 down of 288+288+156
		t.Errorf("web uptime %.2f", pct)
	}
	// Data only: the page draws the chart from it.
	if len(web.Latency) != 2 || web.Latency[0].Probe != "http" || len(web.Latency[0].Points) != 3 || len(web.Latency[1].Points) != 0 {
		t.Errorf("response times: %+v", web.Latency)
	}

	api0 := h.Components["api"]
	if d := api0.Days[1]; d.Rounds != 288 || d.Status != status.MajorOutage || d.P95 != 90*time.Millisecond {
		t.Errorf("rollup day: %+v", d)
	}
	if d := api0.Days[5]; d.Maintenance != 24 || d.Counted() != 0 || d.Status != status.UnderMaintenance || d.Incident != status.UnderMaintenance {
		t.Errorf("maintenance day: %+v", d)
	}
	if d := api0.Days[4]; !d.NoData() {
		t.Errorf("api 03-08 has no sample: %+v", d)
	}

	chat := h.Components["chat"]
	for i, d := range chat.Days {
		want := status.Operational
		switch i {
		case 0:
			want = "" // before the site's first day: api's rollup of 03-05
		case 2:
			want = status.PartialOutage // a major incident's default effect
		}
		if d.Status != want {
			t.Errorf("chat day %d: %s, want %s", i, d.Status, want)
		}
	}
	if len(chat.Latency) != 0 {
		t.Errorf("response times for a component without probes: %+v", chat.Latency)
	}
}

// writeLine appends a line, as another writer of the format would, to the
// component's month file of deriveNow.
func writeLine(t *testing.T, s *history.Store, comp, line string) {
	t.Helper()
	path := filepath.Join(s.Dir(), comp, deriveNow.Format("2006-01")+history.Ext)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}

func TestLoadWithoutHistoryFolder(t *testing.T) {
	cfg := deriveConfig(t)
	h, err := Load(history.Open(t.TempDir()+"/missing", history.Options{}), cfg, nil, deriveNow, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Stale || !h.Newest.IsZero() || !h.Components["web"].Days[6].NoData() || h.Components["chat"].Days[6].Status != status.Operational {
		t.Errorf("no history: %+v", h)
	}
}

// TestDeriveDownAfterUnset: a component built without down_after (by a
// tool or a test) goes down after status.DefaultDownAfter rounds, as one
// read from status.yaml does.
func TestDeriveDownAfterUnset(t *testing.T) {
	cfg := deriveConfig(t)
	cfg.Components[0].DownAfter = 0
	D := status.OutcomeDown
	h := derive(t, cfg, nil, deriveNow, rounds("web", "http", "", append(up(10), D)...), rounds("web", "cert", "", up(11)...))
	if web := h.Components["web"]; web.Probes[0].Outcome != status.OutcomeUp || web.State != status.Operational {
		t.Errorf("one failed round: probe %s, component %s; want up, operational", web.Probes[0].Outcome, web.State)
	}
	h = derive(t, cfg, nil, deriveNow, rounds("web", "http", "", append(up(10), D, D)...), rounds("web", "cert", "", up(12)...))
	if web := h.Components["web"]; web.Probes[0].Outcome != D {
		t.Errorf("%d failed rounds: probe %s, want down", status.DefaultDownAfter, web.Probes[0].Outcome)
	}
}
