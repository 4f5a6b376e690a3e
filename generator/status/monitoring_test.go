package status

import (
	"testing"
	"time"
)

func TestDayStatus(t *testing.T) {
	for _, tt := range []struct {
		up, degraded, down int
		want               ComponentStatus
	}{
		{0, 0, 0, ""},
		{288, 0, 0, Operational},
		{287, 0, 1, DegradedPerformance},  // 99.65 %
		{250, 30, 0, DegradedPerformance}, // all working, a tenth slow
		{280, 0, 8, PartialOutage},        // 97.2 %
		{264, 0, 24, MajorOutage},         // two hours down
	} {
		if got := DayStatus(tt.up, tt.degraded, tt.down); got != tt.want {
			t.Errorf("DayStatus(%d, %d, %d) = %q, want %q", tt.up, tt.degraded, tt.down, got, tt.want)
		}
	}
}

func TestOverlap(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, time.UTC) }
	now := at(10, 12)
	incidents := []Incident{
		{ID: "a", Kind: KindIncident, Components: []string{"web"}, Impact: ImpactMinor, Started: at(5, 10), Resolved: at(5, 11)},
		{ID: "b", Kind: KindIncident, Components: []string{"web"}, Impact: ImpactCritical, Started: at(5, 23), Resolved: at(6, 1)},
		{ID: "c", Kind: KindIncident, Components: []string{"web"}, Impact: ImpactMajor, Started: at(9, 23)}, // ongoing
		{ID: "m", Kind: KindMaintenance, Components: []string{"web"}, Window: Window{Start: at(8, 2), End: at(8, 4)}},
		{ID: "u", Kind: KindMaintenance, Components: []string{"web"}, Window: Window{Start: at(10, 20), End: at(10, 22)}}, // upcoming
	}
	for _, tt := range []struct {
		day  int
		want ComponentStatus
	}{
		{4, ""}, {5, MajorOutage}, {6, MajorOutage}, {7, ""}, {8, UnderMaintenance}, {9, PartialOutage}, {10, PartialOutage},
	} {
		if got := Overlap("web", incidents, at(tt.day, 0), at(tt.day+1, 0), now); got != tt.want {
			t.Errorf("day %d: %q, want %q", tt.day, got, tt.want)
		}
	}
	if got := Overlap("mail", incidents, at(5, 0), at(6, 0), now); got != "" {
		t.Errorf("other component: %q", got)
	}
}

func TestDayUptime(t *testing.T) {
	d := Day{Rounds: 300, Up: 270, Degraded: 10, Down: 8, Maintenance: 12}
	if pct, ok := d.Uptime(); !ok || pct < 97.2 || pct > 97.3 {
		t.Errorf("uptime %.2f %v", pct, ok)
	}
	if _, ok := (Day{Rounds: 5, Maintenance: 5}).Uptime(); ok {
		t.Errorf("a day spent in maintenance has no uptime")
	}
}
