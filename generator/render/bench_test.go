package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/status"
)

// BenchmarkRender renders a snapshot of n incidents straight to disk,
// without loading files or writing feeds: the Hugo part of a build.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			snap := largeSnapshot(n, 100)
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				out := filepath.Join(dir, fmt.Sprint(i))
				i++
				if err := renderTo(context.Background(), snap, out, render.Options{}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
		})
	}
}

func largeSnapshot(incidents, components int) *status.Snapshot {
	paris, _ := time.LoadLocation("Europe/Paris")
	cfg := &status.Config{
		Title: "Large", BaseURL: "https://status.example.org/", Language: "en", Languages: []string{"en"},
		Timezone: "Europe/Paris", Location: paris, HistoryDays: 90, Theme: "buoy",
	}
	for c := range components {
		cfg.Components = append(cfg.Components, status.Component{
			ID: fmt.Sprintf("c%03d", c), Name: fmt.Sprintf("Component %d", c), Group: fmt.Sprintf("Group %d", c/10),
		})
	}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var ins []status.Incident
	for i := range incidents {
		start := now.Add(-time.Duration(i+1) * 7 * time.Hour)
		at := func(m int) time.Time { return start.Add(time.Duration(m) * time.Minute) }
		det, res := 1+i%15, 40+(i*37)%300
		in := status.Incident{
			ID: fmt.Sprintf("%s-incident-%d", start.Format("2006-01-02"), i), Kind: status.KindIncident,
			Title:      fmt.Sprintf("Incident %d", i),
			Components: []string{cfg.Components[i%components].ID, cfg.Components[(i*7+3)%components].ID},
			Impact:     status.ImpactMajor, Started: start, Detected: at(det), Resolved: at(res),
			Postmortem: "## Summary\n\nA **bad** config.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n",
		}
		for k, s := range []status.UpdateStatus{status.Investigating, status.Identified, status.Monitoring, status.Resolved} {
			in.Updates = append(in.Updates, status.Update{At: at(det + (res-det)*k/3), Status: s, Text: fmt.Sprintf("Update %d about https://example.org/%d and `x`.", k, i)})
		}
		ins = append(ins, in)
	}
	return status.NewSnapshot(cfg, ins, now)
}

// BenchmarkSetUp sets Hugo up for a site as a build does before it
// renders (the theme laid out, its templates parsed, its translations
// loaded) and closes it: a small site's fixed cost, in one language and
// in the example site's four.
//
//	go test -run '^$' -bench SetUp -benchmem ./generator/render
func BenchmarkSetUp(b *testing.B) {
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, langs := range [][]string{{"en"}, {"en", "fr", "ja", "pt-BR"}} {
		b.Run(fmt.Sprintf("languages=%d", len(langs)), func(b *testing.B) {
			cfg := &status.Config{
				Title: "Small", BaseURL: "https://status.example.org/", Language: langs[0], Languages: langs,
				Timezone: "Europe/Paris", Location: paris, HistoryDays: 90,
			}
			dir := b.TempDir()
			for b.Loop() {
				if err := render.CheckTemplates(cfg, dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
