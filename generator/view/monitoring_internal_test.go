package view

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// day makes a day of the bar from its samples; "" status means no data.
func day(i int, up, down int, incident status.ComponentStatus) status.Day {
	d := status.Day{
		Date:   time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC),
		Rounds: up + down, Up: up, Down: down, Incident: incident,
		Status: status.DayStatus(up, 0, down),
	}
	if incident != "" {
		d.Status = status.Worst(d.Status, incident)
		if d.Rounds == 0 {
			d.Status = incident
		}
	}
	return d
}

func first(bs []bar, _ int) []bar { return bs }

func show(bs []bar) string {
	var parts []string
	for _, b := range bs {
		s := fmt.Sprintf("%s×%d", b.Status, b.Days)
		if b.Uptime != nil {
			s += fmt.Sprintf("@%g", *b.Uptime)
		}
		if b.NoDataDays > 0 {
			s += fmt.Sprintf("(nd %d)", b.NoDataDays)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestBars(t *testing.T) {
	days := []status.Day{
		day(0, 0, 0, ""), day(1, 0, 0, ""), // no data
		day(2, 288, 0, ""), day(3, 288, 0, ""),
		day(4, 286, 2, ""),                     // 99.3 %: degraded colour
		day(5, 288, 0, status.PartialOutage),   // an incident on a day probes saw up
		day(6, 0, 0, status.UnderMaintenance),  // no sample, maintenance
		day(7, 287, 1, ""), day(8, 288, 0, ""), // 99.65 % must not read 99.7
	}
	if got, want := show(first(bars(days, 0))), "no_data×1 no_data×1 operational×1@100 operational×1@100 degraded_performance×1@99.3 partial_outage×1@100 under_maintenance×1 degraded_performance×1@99.6 operational×1@100"; got != want {
		t.Errorf("days:\n got %s\nwant %s", got, want)
	}
	if got, want := show(first(bars(days, homeBars))), "no_data×2 operational×2@100 degraded_performance×1@99.3 partial_outage×1@100 under_maintenance×1 degraded_performance×1@99.6 operational×1@100"; got != want {
		t.Errorf("runs:\n got %s\nwant %s", got, want)
	}
}

// A component that flaps every other day stays within homeBars on the
// home page, each segment as bad as its worst day and a segment mixing
// no data with up days is never green.
func TestBarsBounded(t *testing.T) {
	var days []status.Day
	for i := range 90 {
		switch {
		case i < 3:
			days = append(days, day(i, 0, 0, ""))
		case i%2 == 0:
			days = append(days, day(i, 280, 8, ""))
		default:
			days = append(days, day(i, 288, 0, ""))
		}
	}
	got, runs := bars(days, homeBars)
	if runs != 88 {
		t.Errorf("%d runs before the limit, want 88", runs)
	}
	if len(got) > homeBars {
		t.Fatalf("%d bars, want at most %d", len(got), homeBars)
	}
	total := 0
	for _, b := range got {
		total += b.Days
		if b.Status == string(status.Operational) && b.Down > 0 {
			t.Errorf("bar %s–%s is green though it holds a day of 97 %% uptime", b.From, b.To)
		}
	}
	if total != 90 {
		t.Errorf("bars cover %d days, want 90", total)
	}
	if first := got[0]; first.Status != noData && first.NoDataDays == 0 {
		t.Errorf("first bar %+v hides its days without data", first)
	}
	last := got[len(got)-1]
	if end := max(last.From, last.To); end != days[89].Date.Format(time.DateOnly) {
		t.Errorf("last bar ends %s, want %s", end, days[89].Date.Format(time.DateOnly))
	}
}

func TestFloorTo(t *testing.T) {
	for _, c := range []struct{ in, scale, want float64 }{
		{100, 10, 100}, {99.96, 10, 99.9}, {99.999, 100, 99.99}, {99.9, 10, 99.9}, {0, 10, 0},
		{100 * 287.0 / 288, 10, 99.6},
	} {
		if got := floorTo(c.in, c.scale); got != c.want {
			t.Errorf("floorTo(%v, %v) = %v, want %v", c.in, c.scale, got, c.want)
		}
	}
}

// A bar too dense to tell segment by segment is told in sums of its days:
// maintenance is not an incident, and the worst incident is named.
func TestTell(t *testing.T) {
	days := []status.Day{
		day(0, 0, 0, ""),
		day(1, 280, 8, status.PartialOutage),
		day(2, 288, 0, status.UnderMaintenance),
		day(3, 286, 2, status.MajorOutage),
		day(4, 288, 0, status.DegradedPerformance),
		day(5, 288, 0, ""),
	}
	got := *tell(days)
	want := barsTold{IncidentDays: 3, Worst: string(status.MajorOutage), Down: 10, NoDataDays: 1}
	if got != want {
		t.Errorf("tell = %+v, want %+v", got, want)
	}
	if got := *tell(days[5:]); got != (barsTold{}) {
		t.Errorf("a quiet day is told as %+v", got)
	}
}

// Past 10 components a home page bar has fewer segments, never under
// homeTold.
func TestHomeBarSegments(t *testing.T) {
	for n, want := range map[int]int{0: homeBars, 1: homeBars, 10: homeBars, 20: 10, 33: homeTold, 100: homeTold} {
		if got := homeBarSegments(n); got != want {
			t.Errorf("homeBarSegments(%d) = %d, want %d", n, got, want)
		}
	}
}
