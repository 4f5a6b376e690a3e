package chart

import (
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

func day(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

func ms(v int) time.Duration { return time.Duration(v) * time.Millisecond }

func TestLatency(t *testing.T) {
	series := []status.LatencySeries{
		{Probe: "empty"},
		{Probe: "https", Points: []status.LatencyPoint{
			{Time: day(1), P50: ms(120), P95: ms(300)},
			{Time: day(2), P50: ms(140), P95: ms(420)},
			// no data on the 3rd and 4th: the line breaks
			{Time: day(5), P50: ms(90), P95: ms(210)},
			{Time: day(6), P50: ms(100), P95: ms(1300)},
		}},
		{Probe: "dns <&>", Points: []status.LatencyPoint{{Time: day(4), P50: ms(8), P95: ms(12)}}},
	}
	c := Latency(series, Options{From: day(1), To: day(7)})
	if c == nil {
		t.Fatal("no chart")
	}
	if c.Width != 640 || c.Height != 180 || c.Left != 56 || c.Right != 628 || c.LabelX != 50 || c.DateY != 156 || c.LegendY != 172 {
		t.Errorf("frame %+v", c)
	}
	if !c.From.Equal(day(1)) || !c.To.Equal(day(7)) {
		t.Errorf("axis %v – %v, want the days asked for", c.From, c.To)
	}
	// The axis goes up to 2 s, the nice value above the highest 95th
	// percentile (1.3 s), in quarters.
	wantTicks := []Tick{{12, 2 * time.Second}, {44, 1500 * time.Millisecond}, {76, time.Second}, {108, ms(500)}, {140, 0}}
	if len(c.Ticks) != len(wantTicks) {
		t.Fatalf("ticks %+v", c.Ticks)
	}
	for i, w := range wantTicks {
		if c.Ticks[i] != w {
			t.Errorf("tick %d: %+v, want %+v", i, c.Ticks[i], w)
		}
	}
	if len(c.Series) != 2 {
		t.Fatalf("series %+v; want the two with points", c.Series)
	}
	https, dns := c.Series[0], c.Series[1]
	if https.Index != 1 || dns.Index != 2 {
		t.Errorf("indexes %d, %d: a series keeps its place among all given", https.Index, dns.Index)
	}
	if https.Median != "M56.0 132.3 L151.3 131.0 M437.3 134.2 L532.7 133.6" {
		t.Errorf("median %q: the line must break over the days without data", https.Median)
	}
	if https.P95 != "M56.0 120.8 L151.3 113.1 M437.3 126.6 L532.7 56.8" {
		t.Errorf("p95 %q", https.P95)
	}
	if https.Low != ms(90) || https.High != ms(140) || dns.Low != ms(8) || dns.High != ms(8) {
		t.Errorf("median ranges %v–%v, %v–%v", https.Low, https.High, dns.Low, dns.High)
	}
	// A lone point is a dot: a zero-length segment.
	if dns.Median != "M342.0 139.5 h0" {
		t.Errorf("lone point %q", dns.Median)
	}
	if https.LegendX != 56 || dns.LegendX != 119 {
		t.Errorf("legend at %.1f, %.1f", https.LegendX, dns.LegendX)
	}
}

// One day of data: the point sits in the middle, the axis has one date.
func TestLatencyOneDay(t *testing.T) {
	c := Latency([]status.LatencySeries{{Probe: "a", Points: []status.LatencyPoint{{Time: day(3), P50: ms(40), P95: ms(70)}}}}, Options{})
	if c == nil || !c.From.Equal(c.To) || c.Series[0].Median != "M342.0 88.8 h0" {
		t.Fatalf("%+v", c)
	}
}

func TestLatencyEmpty(t *testing.T) {
	if got := Latency([]status.LatencySeries{{Probe: "x"}}, Options{}); got != nil {
		t.Errorf("empty chart: %+v", got)
	}
}

func TestScale(t *testing.T) {
	for d, want := range map[time.Duration]time.Duration{
		430 * time.Millisecond: 500 * time.Millisecond, 1300 * time.Millisecond: 2 * time.Second,
		100 * time.Millisecond: 100 * time.Millisecond, 0: time.Millisecond,
	} {
		if got := niceCeil(d); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", d, got, want)
		}
	}
}
