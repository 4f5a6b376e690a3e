package view

import (
	"reflect"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// A formatter that keeps the dates of segment labels writes the label it
// would write without, whatever the bars before.
func TestSegmentLabelsKept(t *testing.T) {
	cfg := &status.Config{Title: "t", BaseURL: "https://s.example/", Language: "en", Languages: []string{"en", "ru"}, Timezone: "UTC", Location: time.UTC}
	f := newFormatter(cfg, nil)
	up := func(v float64) *float64 { return &v }
	base := bar{From: "2026-11-01", Days: 1, Status: "operational", Uptime: up(99.5), Rounds: 288}
	// One bar per field a label may tell, each differing from base in it
	// alone; a field added to bar must be added here.
	variants := map[string]bar{}
	v := base
	v.From = "2026-11-02"
	variants["From"] = v
	v = base
	v.To, v.Days = "2026-11-03", 3
	variants["To"] = v
	variants["Days"] = bar{From: base.From, Days: 2, Status: base.Status, Uptime: base.Uptime, Rounds: base.Rounds}
	v = base
	v.Status, v.Uptime = noData, nil
	variants["Status"] = v
	v = base
	v.NoDataDays = 2
	variants["NoDataDays"] = v
	v = base
	v.Uptime = up(97)
	variants["Uptime"] = v
	v = base
	v.Uptime = nil
	variants["Uptime nil"] = v
	v = base
	v.Rounds = 12
	variants["Rounds"] = v
	v = base
	v.Down = 3
	variants["Down"] = v
	v = base
	v.Degraded = 4
	variants["Degraded"] = v
	v = base
	v.Maintenance, v.Uptime = 1, nil
	variants["Maintenance"] = v
	v = base
	v.Incident = "major_outage"
	variants["Incident"] = v
	variants["Label"] = base // written by labelBars, not read

	fields := reflect.TypeFor[bar]()
	for i := range fields.NumField() {
		if _, ok := variants[fields.Field(i).Name]; !ok {
			t.Errorf("bar.%s has no variant here", fields.Field(i).Name)
		}
	}
	kept := f.withLabels()
	for _, l := range f.langs {
		kept.segmentLabel(l, &base)
		for name, b := range variants {
			if got, want := kept.segmentLabel(l, &b), f.segmentLabel(l, &b); got != want {
				t.Errorf("%s, %s: kept %q, want %q", name, l.key, got, want)
			}
		}
	}
}
