package history

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func result(comp, probe string, at time.Time, o status.Outcome, ms int, reason string) status.Result {
	return status.Result{Time: at, Component: comp, Probe: probe, Outcome: o, Latency: time.Duration(ms) * time.Millisecond, Reason: reason}
}

// loadAll reads every component's history in dir, and returns it with
// the warnings the read gave.
func loadAll(t *testing.T, dir string) (*Set, string) {
	t.Helper()
	var warn bytes.Buffer
	set, err := Open(dir, Options{Warn: &warn}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return set, warn.String()
}

// loadReasons reads web's samples from the history in dir and returns
// their reasons, comma-separated, and the warnings the read gave.
func loadReasons(t *testing.T, dir string) (reasons, warnings string) {
	t.Helper()
	set, warn := loadAll(t, dir)
	ser := set.Component("web")[0]
	var got []string
	for _, x := range ser.Samples {
		got = append(got, ser.Reason(x))
	}
	return strings.Join(got, ","), warn
}

func TestAppendAndLoad(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{})
	left := 12
	rs := []status.Result{
		result("website", "https", t0, status.OutcomeUp, 120, "HTTP 200"),
		result("website", "https", t0.Add(5*time.Minute), status.OutcomeDown, 10000, "timeout after 10s"),
		result("website", "cert", t0, status.OutcomeDegraded, 30, "certificate expires in 12 days"),
		result("mail", "smtp", t0.AddDate(0, 1, 0), status.OutcomeUp, 3, `odd "reason"\n with ünïcode & <html> and `+"\x01\u2028\xff"),
	}
	rs[2].DaysLeft = &left
	rs[3].Region = "eu-west"
	if err := s.Append(rs); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "website", "2025-03-01", "12.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	wantLine := `{"time":"2025-03-01T12:00:00Z","component":"website","probe":"https","outcome":"up","latency_ms":120,"reason":"HTTP 200"}`
	if !strings.HasPrefix(string(data), wantLine+"\n") {
		t.Errorf("first line:\n%s\nwant\n%s", data, wantLine)
	}
	if !strings.Contains(string(data), `"days_left":12}`) {
		t.Errorf("days_left not recorded:\n%s", data)
	}
	if _, err := os.Stat(filepath.Join(dir, "mail", "2025-04-01", "12.jsonl")); err != nil {
		t.Errorf("a file per hour, a folder per day: %v", err)
	}

	var warn bytes.Buffer
	set, err := Open(dir, Options{Warn: &warn}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if warn.Len() > 0 {
		t.Errorf("warnings: %s", warn.String())
	}
	web := set.Component("website")
	if len(web) != 2 || web[0].Probe != "cert" || web[1].Probe != "https" {
		t.Fatalf("series %+v", web)
	}
	https := web[1]
	if len(https.Samples) != 2 || https.Samples[1].Outcome != Down || https.Samples[1].LatencyMS != 10000 ||
		https.Reason(https.Samples[1]) != "timeout after 10s" || !https.Samples[0].Time().Equal(t0) {
		t.Errorf("https %+v", https.Samples)
	}
	mail := set.Component("mail")
	if len(mail) != 1 || mail[0].Region != "eu-west" || mail[0].Reason(mail[0].Samples[0]) != "odd \"reason\"\\n with ünïcode & <html> and \x01\u2028\ufffd" {
		t.Errorf("mail %+v %q", mail, mail[0].Reason(mail[0].Samples[0]))
	}

	// since skips older months.
	set, _ = s.Load([]string{"website", "mail"}, t0.AddDate(0, 1, 0))
	if n, _ := set.Counts(); n != 1 {
		t.Errorf("since: %d samples", n)
	}
}

func TestAppendRejectsBadResults(t *testing.T) {
	s := Open(t.TempDir(), Options{})
	for _, r := range []status.Result{
		result("../etc", "p", t0, status.OutcomeUp, 1, ""),
		result("web", "", t0, status.OutcomeUp, 1, ""),
		result("web", "p", t0, "fine", 1, ""),
	} {
		if err := s.Append([]status.Result{r}); err == nil {
			t.Errorf("accepted %+v", r)
		}
	}
}

// TestReadOtherWriters checks that lines written by other tools (any key
// order, escapes, extra keys, whitespace, CRLF) are read, and that
// broken lines are skipped with a warning naming file and line while every
// good line is kept.
func TestReadOtherWriters(t *testing.T) {
	dir := t.TempDir()
	lines := []string{
		`{"time":"2025-03-01T10:00:00Z","component":"api","probe":"http","outcome":"up","latency_ms":10,"reason":"HTTP 200"}`,
		`  { "probe" : "http", "outcome":"down", "time":"2025-03-01T10:05:00.250+01:00", "latency_ms": 12.6, "reason":"caf\u00e9 \"x\"", "extra": {"nested": [1, {"a": "}"}]}, "flag": true, "none": null }  ` + "\r",
		``,
		`{"time":"2025-03-01T10:10:00Z","probe":"http","outcome":"up"}`,
		`{"time":"2025-03-01T10:15:00Z","probe":"http","outcome":"sideways","latency_ms":1}`,
		`not json at all`,
		`{"time":"2025-03-01T10:20:00Z","probe":"http","outcome":"up","latency_ms":1} trailing`,
		`{"time":"2025-03-01T10:25:00Z","component":"other","probe":"http","outcome":"up"}`,
		`{"day":"2025-02-01","probe":"http","rounds":5,"up":3,"down":1}`,
		`{"day":"2025-02-02","probe":"http","up":3,"down":1,"p50_ms":7,"p95_ms":9}`,
		`{"time":"2025-03-01T10:30:00Z","component":"api","probe":"http","outcome":"up","laten`,
	}
	if err := os.MkdirAll(filepath.Join(dir, "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "api", "2025-03.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	set, err := Open(dir, Options{Warn: &warn}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	s := set.Component("api")[0]
	if len(s.Samples) != 3 {
		t.Fatalf("samples %+v", s.Samples)
	}
	if x := s.Samples[0]; x.Time() != time.Date(2025, 3, 1, 9, 5, 0, 250e6, time.UTC) || x.LatencyMS != 13 || s.Reason(x) != `café "x"` {
		t.Errorf("other writer's line: %+v %q", x, s.Reason(x))
	}
	if len(s.Rollups) != 1 || s.Rollups[0].Rounds != 4 || s.Rollups[0].P95MS != 9 {
		t.Errorf("rollups %+v", s.Rollups)
	}
	for _, n := range []int{5, 6, 7, 8, 9} {
		if !strings.Contains(warn.String(), fmt.Sprintf("%s:%d: ", path, n)) {
			t.Errorf("no warning for line %d in:\n%s", n, warn.String())
		}
	}
	if !strings.Contains(warn.String(), path+": 1 more line skipped") || strings.Count(warn.String(), "\n") != 5+1 {
		t.Errorf("warnings not capped:\n%s", warn.String())
	}
}

// TestTornTail checks the two ways a killed writer's partial line can sit
// in a file: at the end (the next append starts a new line) and glued to a
// later line (the reader recovers the later record).
func TestTornTail(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{})
	if err := s.Append([]status.Result{result("web", "p", t0, status.OutcomeUp, 1, "a")}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "web", "2025-03-01", "12.jsonl")
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2025-03-01T12:05:00Z","compo`)
	f.Close()
	// The writer that finds the torn tail says so, relative to Base.
	var appendWarn bytes.Buffer
	if err := Open(dir, Options{Warn: &appendWarn, Base: filepath.Dir(dir)}).Append([]status.Result{result("web", "p", t0.Add(10*time.Minute), status.OutcomeUp, 1, "b")}); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Base(dir) + "/web/2025-03-01/12.jsonl:2: the last line is torn"; !strings.HasPrefix(appendWarn.String(), want) {
		t.Errorf("append warned %q, want %q…", appendWarn.String(), want)
	}
	f, _ = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2025-03-01T12:15:00Z","pro` + string(appendSample(nil, result("web", "p", t0.Add(20*time.Minute), status.OutcomeDown, 1, "c"))))
	f.Close()

	got, warn := loadReasons(t, dir)
	if got != "a,b,c" {
		t.Errorf("kept %v; warnings:\n%s", got, warn)
	}
	if !strings.Contains(warn, path+":2: skipped") || !strings.Contains(warn, path+":4: dropped the torn start") {
		t.Errorf("warnings:\n%s", warn)
	}
}

func TestDuplicatesDroppedOnRead(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{})
	rs := []status.Result{result("web", "p", t0, status.OutcomeUp, 1, "a"), result("web", "p", t0.Add(time.Minute), status.OutcomeUp, 1, "b")}
	for range 3 {
		if err := s.Append(rs); err != nil {
			t.Fatal(err)
		}
	}
	set, _ := s.Load(nil, time.Time{})
	if n, _ := set.Counts(); n != 2 {
		t.Errorf("%d samples after appending the same two thrice", n)
	}
}

func TestGitAttributes(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{})
	if err := s.EnsureGitAttributes(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, ".gitattributes"))
	if !strings.Contains(string(data), "*.jsonl merge=union") {
		t.Errorf(".gitattributes: %s", data)
	}
	os.WriteFile(filepath.Join(dir, ".gitattributes"), []byte("custom\n"), 0o644)
	s.EnsureGitAttributes()
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitattributes")); string(data) != "custom\n" {
		t.Errorf("overwrote the user's .gitattributes")
	}
}
