package history

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// fiveMinutes returns results of one probe every 5 minutes over days days
// from start; outcome picks each one's outcome and latency.
func fiveMinutes(comp, probe string, start time.Time, days int, outcome func(i int) (status.Outcome, int)) []status.Result {
	var rs []status.Result
	for i := range days * 288 {
		o, ms := outcome(i)
		rs = append(rs, result(comp, probe, start.Add(time.Duration(i)*5*time.Minute), o, ms, "r"))
	}
	return rs
}

func TestCompact(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{NoSync: true})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := start.AddDate(0, 0, 40).Add(12 * time.Hour) // 2025-02-10 12:00
	// The web probe is down for the first hour of every day; latency
	// climbs 1..288 ms through the day, so the up samples' median is 150 ms.
	web := fiveMinutes("web", "http", start, 41, func(i int) (status.Outcome, int) {
		if i%288 < 12 {
			return status.OutcomeDown, 10000
		}
		return status.OutcomeUp, i%288 + 1
	})
	web = web[:len(web)-144] // up to now
	if err := s.Append(web); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(web[:500]); err != nil { // duplicates, as a merge leaves them
		t.Fatal(err)
	}
	// A line nobody can read, in a day file that is folded: it moves to
	// the month file, for a person to look at.
	garbage := `{"time":"2025-01-02T00:00:00Z","probe":"http","outc` + "\n"
	f, _ := os.OpenFile(filepath.Join(dir, "web", "2025-01-02", "00.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("\n" + garbage)
	f.Close()

	st, err := s.Compact(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Cutoff 2025-01-11: ten days folded into the January file, their
	// day folders removed; the 29 days up to yesterday gathered from hour
	// files into day files.
	if st.Files != 1+29 || st.Removed != 39*24 || st.Days != 39 || st.Rollups != 10 || st.Folded != 10*288 || st.Moved != 29*288 {
		t.Errorf("stats %+v", st)
	}
	jan, _ := os.ReadFile(filepath.Join(dir, "web", "2025-01.jsonl"))
	if !strings.Contains(string(jan), garbage) {
		t.Errorf("an unreadable line was dropped")
	}
	want := `{"day":"2025-01-01","component":"web","probe":"http","up":276,"down":12,"p50_ms":150,"p95_ms":275,"quarters":"4*0.0.3,92*3"}`
	if !strings.Contains(string(jan), want+"\n") {
		t.Errorf("no rollup line %s in\n%.300s", want, jan)
	}

	var warn bytes.Buffer
	set, err := Open(dir, Options{Warn: &warn}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	ser := set.Component("web")[0]
	if len(ser.Rollups) != 10 || len(ser.Samples) != len(web)-10*288 {
		t.Fatalf("%d rollups, %d samples; want 10, %d", len(ser.Rollups), len(ser.Samples), len(web)-10*288)
	}
	if ser.Samples[0].Time() != time.Date(2025, 1, 11, 0, 0, 0, 0, time.UTC) {
		t.Errorf("oldest raw sample %v", ser.Samples[0].Time())
	}

	for d := 1; d <= 10; d++ {
		if _, err := os.Stat(filepath.Join(dir, "web", fmt.Sprintf("2025-01-%02d", d))); err == nil {
			t.Errorf("day %d folded, its folder left", d)
		}
	}
	// Again: nothing left to fold, nothing rewritten.
	before, _ := os.ReadFile(filepath.Join(dir, "web", "2025-01.jsonl"))
	if st, err := s.Compact(now, nil); err != nil || st.Files != 0 || st.Removed != 0 {
		t.Errorf("second compaction %+v %v", st, err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "web", "2025-01.jsonl"))
	if !bytes.Equal(before, after) {
		t.Errorf("second compaction changed the file")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "web"))
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

// TestCompactWhileAppending checks that compaction's rewrites never lose
// an append made to the same files meanwhile.
func TestCompactWhileAppending(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{NoSync: true})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	old := fiveMinutes("web", "http", start, 20, func(int) (status.Outcome, int) { return status.OutcomeUp, 5 })
	if err := s.Append(old); err != nil {
		t.Fatal(err)
	}
	// Recent samples land in the same folder while it is compacted.
	recent := time.Date(2025, 1, 25, 0, 0, 0, 0, time.UTC)
	now := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC) // cutoff 2025-01-02
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			if err := s.Append([]status.Result{result("web", "http", recent.Add(time.Duration(i)*time.Second), status.OutcomeUp, 1, "r")}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 20 {
		st, err := s.Compact(now, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Each pass folds a day; the first also gathers the hour files of
		// past days into day files, those of the day appended to as well.
		if st.Rollups != 1 {
			t.Fatalf("compaction at %v: %+v, want one day folded", now, st)
		}
		// Fold the next day on each pass, so that each one rewrites.
		now = now.Add(24 * time.Hour)
	}
	wg.Wait()
	set, err := s.Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	ser := set.Component("web")[0]
	rounds := len(ser.Samples)
	for _, r := range ser.Rollups {
		rounds += int(r.Rounds)
	}
	if rounds != len(old)+2000 {
		t.Errorf("%d rounds after compaction, want %d", rounds, len(old)+2000)
	}
}

// TestCompactedYearSize checks the budget: after compaction, a
// year of 100 probes at a 5-minute cadence stays under 5 MB. It compacts
// 40 days of one probe, with ids of ordinary length and an outage or a
// slow spell on some days, and scales the rollups to 100 probes × 365 days.
func TestCompactedYearSize(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{NoSync: true})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 40
	rs := fiveMinutes("website", "https", start, days, func(i int) (status.Outcome, int) {
		day, slot := i/288, i%288
		switch {
		case day%7 == 3 && slot < 6:
			return status.OutcomeDown, 10000
		case day%5 == 1 && slot < 20:
			return status.OutcomeDegraded, 2500 + slot
		}
		return status.OutcomeUp, 180 + slot*3
	})
	if err := s.Append(rs); err != nil {
		t.Fatal(err)
	}
	st, err := s.Compact(start.AddDate(0, 0, days+RawDays+1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rollups != days || st.Folded != len(rs) {
		t.Fatalf("stats %+v", st)
	}
	size := 0
	for _, month := range []string{"2025-01", "2025-02"} {
		data, err := os.ReadFile(filepath.Join(dir, "website", month+Ext))
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(data, []byte(`"time"`)); n > 0 {
			t.Fatalf("%s: %d raw samples left", month, n)
		}
		size += len(data)
	}
	year := size * 365 / days * 100
	t.Logf("%.0f bytes a rollup line: %.2f MB for a year of 100 probes", float64(size)/days, float64(year)/1e6)
	if year >= 5e6 {
		t.Errorf("a year of 100 probes takes %.2f MB after compaction, over 5 MB", float64(year)/1e6)
	}
}

// TestCompactedYearSizeLateRounds is docs/history.md's figure for rounds
// off a regular cadence, as scheduled CI jobs run them: each one 0 to 5
// minutes late fills the quarter hours unevenly, and a year of 100 probes
// takes about 7.7 MB, over the budget of a regular cadence.
func TestCompactedYearSizeLateRounds(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{NoSync: true})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 40
	rng := rand.New(rand.NewPCG(1, 2))
	var rs []status.Result
	for at := start; at.Before(start.AddDate(0, 0, days)); at = at.Add(5*time.Minute + time.Duration(rng.IntN(300))*time.Second) {
		rs = append(rs, result("website", "https", at, status.OutcomeUp, 180+rng.IntN(100), "HTTP 200"))
	}
	if err := s.Append(rs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compact(start.AddDate(0, 0, days+RawDays+1), nil); err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, month := range []string{"2025-01", "2025-02"} {
		data, err := os.ReadFile(filepath.Join(dir, "website", month+Ext))
		if err != nil {
			t.Fatal(err)
		}
		size += len(data)
	}
	year := float64(size) * 365 / days * 100
	t.Logf("%.0f bytes a rollup line: %.2f MB for a year of 100 probes", float64(size)/days, year/1e6)
	if year < 7e6 || year > 8.5e6 {
		t.Errorf("a year of 100 probes takes %.2f MB, docs/history.md says about 7.7 MB", year/1e6)
	}
}
