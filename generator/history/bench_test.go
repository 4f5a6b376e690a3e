package history

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

var benchNow = time.Date(2025, 12, 15, 12, 0, 0, 0, time.UTC)

// writeYear writes what a year of 100 probes at a 5-minute cadence leaves
// after compaction: RawDays days of raw samples and daily rollups before
// that. It returns the config and the bytes of raw and rollup lines.
func writeYear(tb testing.TB, dir string) (cfg *status.Config, rawBytes, rollupBytes int) {
	cfg = &status.Config{Title: "bench", HistoryDays: 365}
	cutoff := time.Unix(utcDay(benchNow.UnixNano())-RawDays*86400, 0).UTC()
	first := benchNow.AddDate(-1, 0, 0)
	// A day up but for one round down at 03:00, as compaction writes it.
	quarters := []QuarterRun{{N: 12, Quarter: Quarter{Up: 3}}, {N: 1, Quarter: Quarter{Up: 2, Down: 1}}, {N: 83, Quarter: Quarter{Up: 3}}}
	for c := range 50 {
		comp := status.Component{ID: fmt.Sprintf("service-%02d", c), Name: fmt.Sprintf("Service %d", c), DownAfter: 2,
			Probes: []status.Probe{{ID: "https", Type: status.ProbeHTTP}, {ID: "cert", Type: status.ProbeTLS}}}
		cfg.Components = append(cfg.Components, comp)
		files := map[string][]byte{}
		for _, p := range comp.Probes {
			for day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC); day.Before(cutoff); day = day.AddDate(0, 0, 1) {
				name := day.Format("2006-01")
				before := len(files[name])
				files[name] = appendRollup(files[name], comp.ID, p.ID, "", Rollup{Day: day.Unix(), Rounds: 288, Up: 287, Down: 1, P50MS: 120, P95MS: 480, Quarters: quarters})
				rollupBytes += len(files[name]) - before
			}
			for at := cutoff; at.Before(benchNow); at = at.Add(5 * time.Minute) {
				o, reason := status.OutcomeUp, "HTTP 200"
				if at.Minute() == 0 && at.Hour() == 3 {
					o, reason = status.OutcomeDown, "timeout after 10s"
				}
				r := status.Result{Time: at, Component: comp.ID, Probe: p.ID, Outcome: o, Latency: time.Duration(80+at.Minute()) * time.Millisecond, Reason: reason}
				// As compaction leaves them: a file per day, but for the
				// hour files of yesterday and today.
				name := at.Format("2006-01-02")
				if utcDay(at.UnixNano()) >= utcDay(benchNow.UnixNano())-86400 {
					name = at.Format("2006-01-02/15")
				}
				before := len(files[name])
				files[name] = appendSample(files[name], r)
				rawBytes += len(files[name]) - before
			}
		}
		if err := os.MkdirAll(filepath.Join(dir, comp.ID), 0o755); err != nil {
			tb.Fatal(err)
		}
		for name, data := range files {
			path := filepath.Join(dir, comp.ID, filepath.FromSlash(name)+Ext)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return cfg, rawBytes, rollupBytes
}

// BenchmarkAppendRound is one round's append of 100 results with fsync.
func BenchmarkAppendRound(b *testing.B) {
	s := Open(b.TempDir(), Options{})
	rs := make([]status.Result, 100)
	for i := range rs {
		rs[i] = status.Result{Component: fmt.Sprintf("service-%02d", i/2), Probe: fmt.Sprint("p", i%2), Outcome: status.OutcomeUp, Reason: "HTTP 200"}
	}
	b.ResetTimer()
	for n := range b.N {
		for i := range rs {
			rs[i].Time = benchNow.Add(time.Duration(n) * time.Minute)
		}
		if err := s.Append(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompactNoop is what every buoy probe run pays when there is
// nothing to fold: reading the month files that could hold old samples.
func BenchmarkCompactNoop(b *testing.B) {
	dir := b.TempDir()
	writeYear(b, dir)
	s := Open(dir, Options{})
	if _, err := s.Compact(benchNow, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		st, err := s.Compact(benchNow, nil)
		if err != nil || st.Files != 0 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}
