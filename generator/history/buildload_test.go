package history_test

import (
	"testing"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/monitoring"
)

// BenchmarkBuildLoad is docs/history.md's figure: loading history for a
// build of 100 probes, a year of rollups plus 30 days of raw 5-minute
// samples, and deriving the monitoring data (states, 365 daily bars,
// response times) from it, as a build does through monitoring.Load. It
// sits here, outside package history, as the history it reads is written
// by this package's test helpers.
// Run with: go test -run '^$' -bench BuildLoad -benchtime 5x ./generator/history
func BenchmarkBuildLoad(b *testing.B) {
	dir := b.TempDir()
	cfg, raw, rollups := history.WriteYear(b, dir)
	s := history.Open(dir, history.Options{})
	b.ResetTimer()
	cpu := history.CPUTime()
	for range b.N {
		h, err := monitoring.Load(s, cfg, nil, history.BenchNow, monitoring.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if h.Stale || len(h.Components) != 50 || h.Components["service-00"].Days[0].Rounds != 576 {
			b.Fatalf("unexpected history: stale %v, first day %+v", h.Stale, h.Components["service-00"].Days[0])
		}
	}
	if cpu >= 0 {
		b.ReportMetric(float64(history.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
	b.ReportMetric(float64(raw)/(1<<20), "raw-MB")
	b.ReportMetric(float64(rollups)/(1<<20), "rollup-MB")
}
