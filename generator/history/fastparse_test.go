package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/buoystatus/buoy/generator/status"
)

// parseLines are lines of every shape the reader may meet; fast says
// whether the fast parser must take them itself (the lines buoy writes),
// so that a change quietly sending them all to parseLine shows.
var parseLines = []struct {
	line string
	fast bool
}{
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","region":"eu","outcome":"down","latency_ms":10000,"reason":"timeout after 10s"}`, true},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":0,"reason":""}`, true},
	{`{"time":"2024-02-29T23:59:59Z","component":"api","probe":"cert","outcome":"degraded","latency_ms":12,"reason":"certificate expires in 5 days","days_left":5}`, true},
	{`{"time":"2024-02-29T23:59:59Z","component":"api","probe":"cert","outcome":"down","latency_ms":12,"reason":"expired","days_left":-3}`, true},
	{`{"time":"2025-03-01T12:05:00Z","component":"web","probe":"home","outcome":"up","latency_ms":2147483647,"reason":"A 198.51.100.7, expected 203.0.113.10"}`, true},
	{`{"time":"2025-03-01T12:05:00Z","component":"web","probe":"home","outcome":"up","latency_ms":1,"reason":"ünïcødé ✓ 日本"}`, true},
	{`{"day":"2025-01-31","component":"website","probe":"home","rounds":288,"up":286,"down":2,"p50_ms":120,"p95_ms":410}`, true},
	{`{"day":"2025-01-31","component":"website","probe":"home","region":"us","rounds":288,"up":280,"degraded":6,"down":2,"p50_ms":120,"p95_ms":410}`, true},
	{`{"day":"2000-02-29","component":"w","probe":"p","rounds":0,"up":0,"p50_ms":0,"p95_ms":0}`, true},
	{`{"day":"0000-01-01","component":"w","probe":"p","rounds":1,"up":1,"p50_ms":0,"p95_ms":0}`, true},
	{`{"day":"9999-12-31","component":"w","probe":"p","rounds":1,"up":1,"p50_ms":0,"p95_ms":0}`, true},
	{`{"day":"2025-01-31","component":"website","probe":"home","up":286,"down":1,"maintenance":1,"p50_ms":120,"p95_ms":410,"quarters":"40*3,1.0.1.1,55*3"}`, true},
	// docs/history.md's example.
	{`{"day":"2025-01-31","component":"website","probe":"home","up":286,"down":1,"maintenance":1,"p50_ms":120,"p95_ms":410,"quarters":"40*3,2.0.0.1,6*3,2.0.1,48*3"}`, true},
	{`{"day":"2025-01-31","component":"w","probe":"p","up":0,"maintenance":288,"p50_ms":0,"p95_ms":0,"quarters":"96*0.0.0.3"}`, true},
	{`{"day":"2025-01-31","component":"w","probe":"p","up":1,"degraded":1,"down":1,"p50_ms":0,"p95_ms":0,"quarters":"1,0.1,0.0.1,93*0"}`, true},

	// Without a reason, as other tools write samples: taken fast.
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80}`, true},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","region":"eu","outcome":"down","latency_ms":80,"days_left":-2}`, true},

	// Valid, but not as buoy writes them: parseLine decides.
	{`{"probe":"home","time":"2025-03-01T12:05:00Z","outcome":"up"}`, false},
	{`{"outcome":"up","latency_ms":80,"probe":"home","component":"website","time":"2025-03-01T12:05:00Z","reason":"HTTP 200"}`, false},
	{`{ "time" : "2025-03-01T12:05:00Z" , "component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"HTTP 200" }`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"HTTP 200"} `, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"down","latency_ms":80,"reason":"said \"no\"\n\u00e9\u2028\ud83d\ude00"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"web\u0073ite","probe":"h\/ome","outcome":"up","latency_ms":80,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00.123456789+02:00","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00+00:00","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80.5,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":8e1,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1.2E+2,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":0080,"reason":"x"}`, true},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":12345678901,"reason":"x"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"x","days_left":1.5}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"x","extra":{"a":[1,"}",null]},"more":true}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":80,"reason":"x","probe":"other"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","probe":"home","outcome":"up","latency_ms":80,"reason":"x"}`, false},
	{`{"day":"2025-01-31","probe":"home","up":288}`, false},
	{`{"up":286,"p95_ms":410,"day":"2025-01-31","down":2,"probe":"home","rounds":288}`, false},
	{`{"day":"2025-01-31","component":"website","probe":"home","rounds":288.0,"up":286,"down":2,"p50_ms":120,"p95_ms":410}`, false},
	{`{"quarters":"96*1","day":"2025-01-31","probe":"home","up":96}`, false},
	{`{"day":"2025-01-31","probe":"home","up":96,"quarters":"95*1,1.0"}`, false},

	// Not valid: both paths must skip them.
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"sideways","latency_ms":1,"reason":""}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"","outcome":"up","latency_ms":1,"reason":""}`, false},
	{`{"time":"2025-02-30T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":""}`, false},
	{`{"time":"2025-03-01T24:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":""}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":2147483648,"reason":""}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":-1,"reason":""}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":"tab	inside"}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":"x"}}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":"x","days_left":}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":"x"`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outcome":"up","lat`, false},
	{`{"time":"2025-03-01T12:05:00Z","day":"2025-03-01","probe":"home","outcome":"up"}`, false},
	{`{"day":"2025-02-29","component":"website","probe":"home","rounds":1,"up":1,"p50_ms":1,"p95_ms":1}`, false},
	{`{"day":"2025-1-31","component":"website","probe":"home","rounds":1,"up":1,"p50_ms":1,"p95_ms":1}`, false},
	{`{"day":"2025-01-31","component":"website","probe":"home","rounds":289,"up":286,"down":2,"p50_ms":120,"p95_ms":410}`, false},
	{`{"day":"2025-01-31","component":"website","probe":"home","rounds":4294967294,"up":2147483647,"down":2147483647,"p50_ms":1,"p95_ms":1}`, false},
	{`{"day":"2025-01-31","component":"website","probe":"home","rounds":1,"up":1,"p50_ms":1,"p95_ms":2147483648}`, false},
	{`{"time":"2025-03-01T12:05:00Z","component":"website","probe":"home","outc{"time":"2025-03-01T12:10:00Z","component":"website","probe":"home","outcome":"up","latency_ms":1,"reason":"x"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"95*3"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"97*3"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"96*2"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"96*3,"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"0*1,96*3"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":"96*3.0.0.0.0"}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":288,"up":288,"p50_ms":0,"p95_ms":0,"quarters":""}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","up":2147483647,"maintenance":1,"p50_ms":0,"p95_ms":0}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":0,"up":0,"maintenance":-3,"p50_ms":0,"p95_ms":0}`, false},
	{`{"day":"2025-01-31","component":"w","probe":"p","rounds":1,"up":1,"p50_ms":0,"p95_ms":0,"quarters":"1,95*0","quarters":"96*0"}`, false},
	{`[1,2,3]`, false},
	{`"just a string"`, false},
	{``, false},
	{`{}`, false},
	{`{"time":"`, false},
	{`{"day":"`, false},
}

func TestParseFastMatchesParseLine(t *testing.T) {
	for _, tc := range parseLines {
		line := []byte(tc.line)
		_, ok := checkSamePath(t, line)
		if ok != tc.fast {
			t.Errorf("the fast parser took it: %v, want %v\n%s", ok, tc.fast, line)
		}
		var rec record
		// parseLine is laxer than JSON (leading zeros): compare valid JSON only.
		if parseLine(line, &rec) == nil && utf8.Valid(line) && json.Valid(line) {
			compareWithJSON(t, line, rec)
		}
	}
}

// TestParseFastTakesWrittenLines makes sure that what Append and Compact
// write, escapes aside, goes the fast way.
func TestParseFastTakesWrittenLines(t *testing.T) {
	days := 3
	at := time.Date(2025, 3, 1, 12, 5, 0, 0, time.UTC)
	results := []status.Result{
		{Time: at, Component: "website", Probe: "home", Outcome: status.OutcomeUp, Latency: 81 * time.Millisecond, Reason: "HTTP 200"},
		{Time: at.Add(1500 * time.Millisecond), Component: "website", Probe: "home", Region: "eu-west", Outcome: status.OutcomeDown, Latency: 10 * time.Second, Reason: "timeout after 10s"},
		{Time: at, Component: "api", Probe: "cert", Outcome: status.OutcomeDegraded, Latency: time.Microsecond, Reason: "certificate expires in 3 days", DaysLeft: &days},
		{Time: at, Component: "api", Probe: "dns", Outcome: status.OutcomeDown, Reason: "A 198.51.100.7, expected 203.0.113.10 — ünïcødé"},
	}
	var lines [][]byte
	for _, r := range results {
		lines = append(lines, bytes.TrimSuffix(appendSample(nil, r), []byte("\n")))
	}
	quarters := []QuarterRun{{N: 40, Quarter: Quarter{Up: 3}}, {N: 1, Quarter: Quarter{Down: 1, Maintenance: 1}}, {N: 55, Quarter: Quarter{Up: 3}}}
	for _, r := range []Rollup{
		{Day: at.Unix() / 86400 * 86400, Rounds: 288, Up: 286, Down: 2, P50MS: 120, P95MS: 410},
		{Day: 0, Rounds: 3, Up: 1, Degraded: 1, Down: 1},
		{Day: 86400, Rounds: 286, Up: 285, Down: 1, Maintenance: 1, P50MS: 9, P95MS: 12, Quarters: quarters},
	} {
		lines = append(lines, bytes.TrimSuffix(appendRollup(nil, "website", "home", "eu", r), []byte("\n")))
	}
	for _, line := range lines {
		if _, ok := checkSamePath(t, line); !ok {
			t.Errorf("the fast parser left a line buoy writes to parseLine:\n%s", line)
		}
	}
}

func FuzzParseFast(f *testing.F) {
	for _, tc := range parseLines {
		f.Add(tc.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkSamePath(t, []byte(line))
	})
}

// sharedParser carries a remembered date from line to line, as a loader's
// does, so that the memory is checked too.
var sharedParser fastParser

// checkSamePath fails unless parseLine agrees with whatever the fast
// parser accepts, fresh or with the memory of earlier lines; it returns
// the fast parser's record and whether it accepted.
func checkSamePath(t *testing.T, line []byte) (record, bool) {
	t.Helper()
	var fast, shared, slow record
	var fresh fastParser
	ok := fresh.parse(line, &fast)
	if okShared := sharedParser.parse(line, &shared); okShared != ok || ok && !sameRecord(fast, shared) {
		t.Errorf("the fast parser's memory changes the result on\n%s", line)
	}
	err := parseLine(line, &slow)
	if ok && err != nil {
		t.Errorf("the fast parser accepted what parseLine rejects (%v):\n%s", err, line)
	}
	if ok && err == nil && !sameRecord(fast, slow) {
		t.Errorf("the fast parser and parseLine differ on\n%s\nfast %s\nslow %s", line, dumpRecord(fast), dumpRecord(slow))
	}
	return fast, ok
}

func sameRecord(a, b record) bool {
	return a.rollup == b.rollup && a.unixNano == b.unixNano && a.day == b.day &&
		bytes.Equal(a.component, b.component) && bytes.Equal(a.probe, b.probe) &&
		bytes.Equal(a.region, b.region) && bytes.Equal(a.reason, b.reason) &&
		a.outcome == b.outcome && a.latencyMS == b.latencyMS &&
		a.rounds == b.rounds && a.up == b.up && a.deg == b.deg && a.dwn == b.dwn &&
		a.hasRounds == b.hasRounds && a.p50 == b.p50 && a.p95 == b.p95 &&
		a.maint == b.maint && slices.Equal(a.quarters, b.quarters)
}

func dumpRecord(r record) string {
	return fmt.Sprintf("%+v component=%q probe=%q region=%q reason=%q", r, r.component, r.probe, r.region, r.reason)
}

// compareWithJSON checks a decoded line against encoding/json, the
// reference for what a JSON line says (numbers rounded to the unit).
func compareWithJSON(t *testing.T, line []byte, rec record) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Errorf("encoding/json rejects a line parseLine took (%v):\n%s", err, line)
		return
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	num := func(k string) int64 { n, _ := m[k].(float64); return int64(math.Round(n)) }
	got := []any{string(rec.component), string(rec.probe), string(rec.region)}
	want := []any{str("component"), str("probe"), str("region")}
	if rec.rollup {
		day, err := time.Parse(time.DateOnly, str("day"))
		got = append(got, rec.day, rec.rounds, rec.up, rec.deg, rec.dwn, rec.maint, rec.p50, rec.p95)
		rounds := num("up") + num("degraded") + num("down")
		if _, ok := m["rounds"]; ok {
			rounds = num("rounds")
		}
		want = append(want, day.Unix(), rounds, num("up"), num("degraded"), num("down"), num("maintenance"), num("p50_ms"), num("p95_ms"))
		if err != nil {
			t.Errorf("day: %v", err)
		}
	} else {
		at, err := time.Parse(time.RFC3339Nano, str("time"))
		got = append(got, rec.unixNano, rec.outcome.Status(), rec.latencyMS, string(rec.reason))
		want = append(want, at.UnixNano(), status.Outcome(str("outcome")), num("latency_ms"), str("reason"))
		if err != nil {
			t.Errorf("time: %v", err)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("differs from encoding/json on\n%s\ngot  %v\nwant %v", line, got, want)
	}
}

// FuzzParseFastFields varies the values inside a line of buoy's own shape,
// where random bytes would seldom reach the fast path; values go in raw,
// so they may break the line in any way.
func FuzzParseFastFields(f *testing.F) {
	f.Add("2025-03-01T12:05:00Z", "website", "home", "eu", "up", "80", "HTTP 200", "")
	f.Add("2024-02-29T00:00:00Z", "api", "cert", "", "degraded", "0", `a "quoted" \u00e9`, "-3")
	f.Add("2025-01-31", "website", "home", "", "286", "2", "120", "410")
	f.Fuzz(func(t *testing.T, at, comp, probe, region, outcome, latency, reason, extra string) {
		var b []byte
		b = fmt.Appendf(b, `{"time":"%s","component":"%s","probe":"%s"`, at, comp, probe)
		if region != "" {
			b = fmt.Appendf(b, `,"region":"%s"`, region)
		}
		b = fmt.Appendf(b, `,"outcome":"%s","latency_ms":%s,"reason":"%s"`, outcome, latency, reason)
		if extra != "" {
			b = fmt.Appendf(b, `,"days_left":%s`, extra)
		}
		checkSamePath(t, append(b, '}'))
		// The same values as a rollup: day, counts and latencies.
		b = fmt.Appendf(b[:0], `{"day":"%s","component":"%s","probe":"%s","rounds":%s,"up":%s,"down":%s,"p50_ms":%s,"p95_ms":%s}`,
			at, comp, probe, outcome, latency, reason, region, extra)
		checkSamePath(t, b)
	})
}
