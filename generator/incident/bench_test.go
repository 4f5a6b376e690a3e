package incident

import (
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// BenchmarkReadDir parses 10,000 incidents of four updates and a
// postmortem each, as a large site's build does before rendering.
func BenchmarkReadDir(b *testing.B) {
	cfg := &status.Config{Timezone: "UTC", Location: time.UTC}
	for i := range 100 {
		cfg.Components = append(cfg.Components, status.Component{ID: fmt.Sprintf("c%d", i)})
	}
	fsys := fstest.MapFS{}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		t := start.Add(time.Duration(i) * 3 * time.Hour)
		at := func(m int) string { return t.Add(time.Duration(m) * time.Minute).Format(time.RFC3339) }
		fsys[fmt.Sprintf("incidents/%s-incident-%d.yaml", t.Format("2006-01-02"), i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"title: Incident %d\ncomponents: [c%d]\nimpact: major\nstarted: %s\nresolved: %s\nupdates:\n"+
				"  - {at: %s, status: investigating, text: \"We are looking into it.\"}\n"+
				"  - {at: %s, status: identified, text: \"The cause is known.\"}\n"+
				"  - {at: %s, status: monitoring, text: \"A fix is out.\"}\n"+
				"  - {at: %s, status: resolved, text: \"All good.\"}\n"+
				"postmortem: |\n  ## Root cause\n  A disk filled up.\n",
			i, i%100, at(0), at(90), at(5), at(20), at(60), at(90)))}
	}
	b.ResetTimer()
	for range b.N {
		in, ps := ReadDir(fsys, cfg, start.AddDate(5, 0, 0))
		if len(ps) > 0 || len(in) != 10000 {
			b.Fatalf("%d incidents, problems: %v", len(in), ps)
		}
	}
}
