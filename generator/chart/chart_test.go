package chart

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

var update = flag.Bool("update", false, "rewrite golden files")

func day(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

func TestLatencyGolden(t *testing.T) {
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	series := []status.LatencySeries{
		{Probe: "https", Points: []status.LatencyPoint{
			{Time: day(1), P50: ms(120), P95: ms(300)},
			{Time: day(2), P50: ms(140), P95: ms(420)},
			// no data on the 3rd and 4th: the line breaks
			{Time: day(5), P50: ms(90), P95: ms(210)},
			{Time: day(6), P50: ms(100), P95: ms(1300)},
		}},
		{Probe: "dns <&>", Points: []status.LatencyPoint{{Time: day(4), P50: ms(8), P95: ms(12)}}},
	}
	got := Latency(series, Options{ID: "latency-web", Title: "Response time of Web", From: day(1), To: day(7)})

	// Well-formed XML, so that it can be inlined in HTML as is.
	if err := xml.Unmarshal([]byte(got), new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	for _, want := range []string{`role="img"`, `<title id="latency-web-title">Response time of Web</title>`, "dns &lt;&amp;&gt;", "2025-03-01", "2025-03-07", "1.5 s"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if n := strings.Count(got, `stroke-width="2" d="M`); n != 2 {
		t.Errorf("%d median paths", n)
	}
	if !strings.Contains(got, `<path stroke-width="2" d="M56.0 132.3 L151.3 131.0 M437.3 134.2 L532.7 133.6"/>`) {
		t.Errorf("the median line must break over the days without data")
	}

	golden := filepath.Join("testdata", "latency.svg")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("chart differs from %s (go test -update to accept):\n%s", golden, got)
	}
}

func TestLatencyEmpty(t *testing.T) {
	if got := Latency([]status.LatencySeries{{Probe: "x"}}, Options{}); got != "" {
		t.Errorf("empty chart: %q", got)
	}
}

func TestLabelAndScale(t *testing.T) {
	for d, want := range map[time.Duration]string{250 * time.Millisecond: "250 ms", 1500 * time.Millisecond: "1.5 s", 2 * time.Second: "2 s"} {
		if got := Label(d); got != want {
			t.Errorf("Label(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]time.Duration{
		430 * time.Millisecond: 500 * time.Millisecond, 1300 * time.Millisecond: 2 * time.Second,
		100 * time.Millisecond: 100 * time.Millisecond, 0: time.Millisecond,
	} {
		if got := niceCeil(d); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", d, got, want)
		}
	}
}
