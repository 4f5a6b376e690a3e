package monitoring

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/status"
)

const quarter = 86400 / history.QuartersPerDay * time.Second

// rollupNow is the build time of the rollup tests: days before
// 2025-03-11 are compacted, and a 60-day bar reaches back into February,
// across St. John's change to daylight saving time (2025-03-09).
var rollupNow = time.Date(2025, 4, 10, 15, 7, 0, 0, time.UTC)

func rollupConfig(t *testing.T, zone string) *status.Config {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return &status.Config{
		Title: "t", BaseURL: "https://status.example.org/", Timezone: zone, Location: loc, HistoryDays: 60,
		Components: []status.Component{{ID: "web", Name: "Web", DownAfter: 2, Probes: []status.Probe{
			{ID: "http", Type: status.ProbeHTTP}, {ID: "port", Type: status.ProbeTCP},
		}}},
	}
}

func maintenance(id string, from, to time.Time) status.Incident {
	return status.Incident{ID: id, Kind: status.KindMaintenance, Title: id, Components: []string{"web"}, Window: status.Window{Start: from, End: to}}
}

// barsBeforeAndAfter derives the bars from the raw results, compacts with
// the maintenance known then, and derives them again with all of it.
func barsBeforeAndAfter(t *testing.T, cfg *status.Config, results []status.Result, known, all []status.Incident) (raw, compacted []status.Day) {
	t.Helper()
	s := history.Open(t.TempDir(), history.Options{NoSync: true})
	if err := s.Append(results); err != nil {
		t.Fatal(err)
	}
	bars := func() []status.Day {
		set, err := s.Load(nil, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return Derive(cfg, all, set, rollupNow, Options{Interval: 5 * time.Minute}).Components["web"].Days
	}
	raw = bars()
	st, err := s.Compact(rollupNow, known)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rollups == 0 {
		t.Fatalf("nothing compacted: %+v", st)
	}
	return raw, bars()
}

func sameBars(t *testing.T, raw, compacted []status.Day) {
	t.Helper()
	counts := func(d status.Day) string {
		return fmt.Sprintf("%d samples: %d up, %d degraded, %d down, %d maintenance; %q (incident %q)",
			d.Rounds, d.Up, d.Degraded, d.Down, d.Maintenance, d.Status, d.Incident)
	}
	for i := range raw {
		if a, b := counts(raw[i]), counts(compacted[i]); a != b {
			t.Errorf("%s: raw %s\n\tcompacted %s", raw[i].Date.Format(time.DateOnly), a, b)
		}
	}
}

// TestMaintenanceSurvivesCompaction: a probe failing through a maintenance
// window 40 days ago shows maintenance on the bar, as it did while the
// samples were raw, whether the window was known at compaction (then at
// any minute) or declared after it (on quarter hours).
func TestMaintenanceSurvivesCompaction(t *testing.T) {
	cfg := rollupConfig(t, "UTC")
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		from  time.Duration
		known bool
	}{
		{"known, at 02:05", 2*time.Hour + 5*time.Minute, true},
		{"declared later, at 02:00", 2 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			window := maintenance("db-upgrade", day.Add(tc.from), day.Add(tc.from+4*time.Hour))
			var rs []status.Result
			for at := time.Duration(0); at < 24*time.Hour; at += 5 * time.Minute {
				o, ms := status.OutcomeUp, 100
				if at >= tc.from && at < tc.from+4*time.Hour {
					o, ms = status.OutcomeDown, 10000
				}
				rs = append(rs, result("web", "http", day.Add(at), o, ms, "r"))
			}
			var known []status.Incident
			if tc.known {
				known = []status.Incident{window}
			}
			raw, compacted := barsBeforeAndAfter(t, cfg, rs, known, []status.Incident{window})
			i := len(raw) - 1 - int(rollupNow.Sub(day).Hours()/24)
			if d := compacted[i]; !d.Date.Equal(day) || d.Down != 0 || d.Maintenance != 48 || d.Status != status.UnderMaintenance {
				t.Errorf("%s: %d down, %d maintenance, %q; want 0, 48, %q", d.Date, d.Down, d.Maintenance, d.Status, status.UnderMaintenance)
			}
			sameBars(t, raw, compacted)
		})
	}
}

// TestCompactedBarsMatchRaw is the property compaction keeps: in any
// zone, whole or half or quarter hours from UTC, with daylight saving time
// changes, irregular rounds and maintenance windows known at compaction
// (at any minute) or declared later (on quarter hours), the bars drawn
// from rollups are those drawn from the raw samples.
func TestCompactedBarsMatchRaw(t *testing.T) {
	for _, zone := range []string{"UTC", "Asia/Tokyo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham"} {
		t.Run(zone, func(t *testing.T) {
			cfg := rollupConfig(t, zone)
			rng := rand.New(rand.NewPCG(uint64(len(zone)), 7))
			start := rollupNow.AddDate(0, 0, -62)
			var results []status.Result
			for _, probe := range []string{"http", "port"} {
				for _, region := range []string{"", "eu"} {
					failing := 0.0
					for at := start.Add(time.Duration(rng.IntN(300)) * time.Second); at.Before(rollupNow); at = at.Add(time.Duration(60+rng.IntN(540)) * time.Second) {
						if rng.IntN(300) == 0 {
							// A spell of trouble now and then, of any length.
							failing = []float64{0, 0.02, 0.3, 1}[rng.IntN(4)]
						}
						o := status.OutcomeUp
						if rng.Float64() < failing {
							o = []status.Outcome{status.OutcomeDown, status.OutcomeDegraded}[rng.IntN(2)]
						}
						r := result("web", probe, at, o, 50+rng.IntN(500), "r")
						r.Region = region
						results = append(results, r)
					}
				}
			}
			var known, all []status.Incident
			for k := range 12 {
				day := start.AddDate(0, 0, 1+rng.IntN(30)).Truncate(24 * time.Hour)
				if k%2 == 0 {
					from := day.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
					in := maintenance(fmt.Sprint("known-", k), from, from.Add(time.Duration(1+rng.IntN(600))*time.Minute))
					known, all = append(known, in), append(all, in)
					continue
				}
				from := day.Add(time.Duration(rng.IntN(history.QuartersPerDay)) * quarter)
				all = append(all, maintenance(fmt.Sprint("later-", k), from, from.Add(time.Duration(1+rng.IntN(40))*quarter)))
			}
			raw, compacted := barsBeforeAndAfter(t, cfg, results, known, all)
			sameBars(t, raw, compacted)
		})
	}
}

// TestOldDailyRollupsStillRead: rollups written before quarters existed
// count on the local day of the same date as their UTC day, and are
// masked only by a window covering that whole UTC day.
func TestOldDailyRollupsStillRead(t *testing.T) {
	cfg := rollupConfig(t, "Asia/Tokyo")
	dir := t.TempDir()
	old := `{"day":"2025-03-01","component":"web","probe":"http","rounds":288,"up":286,"down":2,"p50_ms":120,"p95_ms":410}
{"day":"2025-03-02","component":"web","probe":"http","rounds":288,"up":200,"down":88,"p50_ms":120,"p95_ms":410}
{"day":"2025-03-03","component":"web","probe":"http","rounds":288,"up":200,"down":88,"p50_ms":120,"p95_ms":410}
`
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "web", "2025-03.jsonl"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	s := history.Open(dir, history.Options{NoSync: true})
	set, err := s.Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	utc := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	incidents := []status.Incident{
		maintenance("whole-day", utc(2), utc(3)),
		maintenance("half-day", utc(3), utc(3).Add(12*time.Hour)),
	}
	days := Derive(cfg, incidents, set, rollupNow, Options{Interval: 5 * time.Minute}).Components["web"].Days
	got := map[string]string{}
	for _, d := range days {
		if d.Rounds > 0 {
			got[d.Date.Format(time.DateOnly)] = fmt.Sprintf("%d up, %d down, %d maintenance, p50 %s", d.Up, d.Down, d.Maintenance, d.P50)
		}
	}
	want := map[string]string{
		"2025-03-01": "286 up, 2 down, 0 maintenance, p50 120ms",
		"2025-03-02": "0 up, 0 down, 288 maintenance, p50 120ms",
		"2025-03-03": "200 up, 88 down, 0 maintenance, p50 120ms",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bars\n got %v\nwant %v", got, want)
	}
	// Compaction leaves them as they are.
	if st, err := s.Compact(rollupNow, incidents); err != nil || st.Files != 0 {
		t.Errorf("compact: %+v, %v", st, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "web", "2025-03.jsonl")); string(data) != old {
		t.Errorf("old rollups rewritten:\n%s", data)
	}
}
