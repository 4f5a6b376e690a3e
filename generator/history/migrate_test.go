package history

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// writeMonthLayout writes results as buoy did before day folders: one file
// per component per month, raw samples and rollups together.
func writeMonthLayout(t *testing.T, dir string, rs []status.Result, rollups ...string) {
	t.Helper()
	files := map[string][]byte{}
	for _, r := range rs {
		path := filepath.Join(dir, r.Component, r.Time.UTC().Format("2006-01")+Ext)
		files[path] = appendSample(files[path], r)
	}
	for _, line := range rollups {
		var rec record
		if err := parseLine([]byte(line), &rec); err != nil || !rec.rollup {
			t.Fatalf("rollup %s: %v", line, err)
		}
		path := filepath.Join(dir, string(rec.component), time.Unix(rec.day, 0).UTC().Format("2006-01")+Ext)
		files[path] = append(append(files[path], line...), '\n')
	}
	for path, data := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// contents lists every sample and rollup of a set, one string each, sorted.
func contents(set *Set) []string {
	var out []string
	for comp, series := range set.series {
		for _, s := range series {
			for _, x := range s.Samples {
				out = append(out, fmt.Sprintf("%s/%s/%s %s %d %d %s", comp, s.Probe, s.Region, x.Time().Format(time.RFC3339), x.Outcome, x.LatencyMS, s.Reason(x)))
			}
			for _, r := range s.Rollups {
				out = append(out, fmt.Sprintf("%s/%s/%s %s %+v", comp, s.Probe, s.Region, r.Date().Format(time.DateOnly), r))
			}
		}
	}
	slices.Sort(out)
	return out
}

func load(t *testing.T, dir string) []string {
	t.Helper()
	var warn strings.Builder
	set, err := Open(dir, Options{Warn: &warn}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if warn.Len() > 0 {
		t.Errorf("warnings:\n%s", warn.String())
	}
	return contents(set)
}

// monthLayout is 20 days of two probes of two components in the month
// layout, January's older days compacted already.
func monthLayout(t *testing.T, dir string) {
	t.Helper()
	monthLayoutOf(t, dir, time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC), 20)
}

// monthLayoutOf is monthLayout of days days from start.
func monthLayoutOf(t *testing.T, dir string, start time.Time, days int) {
	t.Helper()
	var rs []status.Result
	for _, comp := range []string{"web", "api"} {
		for _, probe := range []string{"http", "tls"} {
			rs = append(rs, fiveMinutes(comp, probe, start, days, func(i int) (status.Outcome, int) {
				if i%97 == 0 {
					return status.OutcomeDown, 10000
				}
				return status.OutcomeUp, 40 + i%23
			})...)
		}
	}
	writeMonthLayout(t, dir, rs,
		`{"day":"2025-01-02","component":"web","probe":"http","up":288,"p50_ms":41,"p95_ms":60,"quarters":"96*3"}`,
		`{"day":"2025-01-03","component":"api","probe":"tls","rounds":288,"up":288,"p50_ms":41,"p95_ms":60}`)
}

// monthNow is when monthLayout is migrated: no day is old enough to fold.
var monthNow = time.Date(2025, 2, 9, 12, 0, 0, 0, time.UTC)

// TestMigrateMonthLayout moves the raw samples of month files into day
// files, and those of yesterday into hour files: the history reads the same before and after, month files keep
// their rollups only, and a second run has nothing to do.
func TestMigrateMonthLayout(t *testing.T) {
	dir := t.TempDir()
	monthLayout(t, dir)
	before := load(t, dir)
	s := Open(dir, Options{NoSync: true})
	st, err := compactAll(s, monthNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Moved != 4*20*288 || st.Folded != 0 || st.Files != 2*(19+24+2) {
		t.Errorf("stats %+v, want %d samples moved to 38 day files and 48 hour files, 4 month files rewritten", st, 4*20*288)
	}
	if after := load(t, dir); !slices.Equal(before, after) {
		t.Errorf("history changed: %d records before, %d after", len(before), len(after))
	}
	jan, _ := os.ReadFile(filepath.Join(dir, "web", "2025-01.jsonl"))
	if string(jan) != `{"day":"2025-01-02","component":"web","probe":"http","up":288,"p50_ms":41,"p95_ms":60,"quarters":"96*3"}`+"\n" {
		t.Errorf("January's month file:\n%.400s", jan)
	}
	feb, err := os.ReadFile(filepath.Join(dir, "web", "2025-02.jsonl"))
	if err != nil || len(feb) != 0 {
		t.Errorf("February's month file, emptied but kept: %q %v", feb, err)
	}
	day, _ := os.ReadFile(filepath.Join(dir, "web", "2025-01-20.jsonl"))
	if n := strings.Count(string(day), "\n"); n != 2*288 {
		t.Errorf("2025-01-20: %d lines, want %d", n, 2*288)
	}
	yesterday, _ := readDay(filepath.Join(dir, "web", "2025-02-08"))
	if n := strings.Count(string(yesterday), "\n"); n != 2*288 {
		t.Errorf("2025-02-08: %d lines in hour files, want %d", n, 2*288)
	}
	if st, err := s.Compact(monthNow, nil); err != nil || st != (CompactStats{}) {
		t.Errorf("second run: %+v %v", st, err)
	}

	// Forty days later, the same run folds: every round is counted once.
	st, err = compactAll(s, monthNow.AddDate(0, 0, 40), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 2*(19+24) || st.Days != 2 || st.Rollups != 4*20 {
		t.Errorf("fold: %+v", st)
	}
	set, err := s.Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, comp := range []string{"web", "api"} {
		for _, ser := range set.Component(comp) {
			rounds := len(ser.Samples)
			for _, r := range ser.Rollups {
				rounds += int(r.Rounds)
			}
			want := 20 * 288
			if comp+"/"+ser.Probe == "web/http" || comp+"/"+ser.Probe == "api/tls" {
				want += 288 // the rollup of January
			}
			if rounds != want {
				t.Errorf("%s/%s: %d rounds, want %d", comp, ser.Probe, rounds, want)
			}
		}
	}
}

// TestMigrateFoldsOldSamples: month files whose raw samples are partly
// older than RawDays, as when buoy probe last ran long ago, fold those and
// move the rest, a component per run.
func TestMigrateFoldsOldSamples(t *testing.T) {
	dir := t.TempDir()
	monthLayout(t, dir)
	s := Open(dir, Options{NoSync: true})
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) // cutoff 2025-01-30
	first, err := s.Compact(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rollups != 2*10 || first.Moved != 2*10*288 {
		t.Errorf("first run: %+v, want api's two probes", first)
	}
	if feb, _ := os.ReadFile(filepath.Join(dir, "web", "2025-02.jsonl")); !hasSamples(feb) {
		t.Errorf("the first run upgraded web too")
	}
	st, err := compactAll(s, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rollups != 2*10 || st.Folded != 2*10*288 || st.Moved != 2*10*288 {
		t.Errorf("next runs: %+v, want web's two probes", st)
	}
	if _, err := os.Stat(filepath.Join(dir, "web", "2025-01-29")); err == nil {
		t.Errorf("a folded day has a day folder")
	}
	if _, err := os.Stat(filepath.Join(dir, "web", "2025-01-30.jsonl")); err != nil {
		t.Errorf("a raw day has no day file: %v", err)
	}
	if st, err := s.Compact(now, nil); err != nil || st != (CompactStats{}) {
		t.Errorf("second run: %+v %v", st, err)
	}
}

// helperCompactor is the process TestSIGKILLMidMigration kills: the test
// binary again, which TestMain sends here when BUOY_TEST_COMPACT_DIR is set.
func helperCompactor(dir string) {
	now, _ := strconv.ParseInt(os.Getenv("BUOY_TEST_COMPACT_NOW"), 10, 64)
	fmt.Println("ready")
	if _, err := Open(dir, Options{}).Compact(time.Unix(now, 0), nil); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("done")
}

// TestSIGKILLMidMigration kills buoy's upgrade of the month layout at
// random points, then runs it again: whatever was cut short, the second
// run finishes the work and the history reads as before, every sample
// once, for days moved and days folded alike.
func TestSIGKILLMidMigration(t *testing.T) {
	template := t.TempDir()
	monthLayout(t, template)
	for _, now := range []time.Time{monthNow, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)} {
		want := map[string]int{}
		countRounds(t, template, want)
		for i := range 10 {
			dir := filepath.Join(t.TempDir(), "history")
			if err := os.CopyFS(dir, os.DirFS(template)); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "BUOY_TEST_COMPACT_DIR="+dir, "BUOY_TEST_COMPACT_NOW="+strconv.FormatInt(now.Unix(), 10))
			out, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("compactor said %q", line)
			}
			time.Sleep(time.Duration(rand.IntN(60000)) * time.Microsecond)
			cmd.Process.Kill() // SIGKILL
			cmd.Wait()
			if _, err := compactAll(Open(dir, Options{NoSync: true}), now, nil); err != nil {
				t.Fatalf("run %d after the kill: %v", i, err)
			}
			got := map[string]int{}
			countRounds(t, dir, got)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("run %d at %v: rounds %v, want %v", i, now, got, want)
			}
			if st, err := Open(dir, Options{NoSync: true}).Compact(now, nil); err != nil || st != (CompactStats{}) {
				t.Fatalf("run %d: a third run found work: %+v %v", i, st, err)
			}
		}
	}
}

// countRounds adds up each series' samples and rollup counts by day.
func countRounds(t *testing.T, dir string, into map[string]int) {
	t.Helper()
	set, err := Open(dir, Options{}).Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for comp, series := range set.series {
		for _, s := range series {
			for _, x := range s.Samples {
				into[fmt.Sprintf("%s/%s %s", comp, s.Probe, x.Time().Format(time.DateOnly))]++
			}
			for _, r := range s.Rollups {
				into[fmt.Sprintf("%s/%s %s", comp, s.Probe, r.Date().Format(time.DateOnly))] += int(r.Rounds + r.Maintenance)
			}
		}
	}
}

// TestGitUnionMergeMigration: one region upgrades the history layout while
// another appends in the old layout (an older buoy) or upgrades too; the
// second replays its commit on the first's, as the probe workflow does on
// a lost push race. The union merge keeps every sample of both sides, and
// the next run moves what came back into month files.
func TestGitUnionMergeMigration(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("this test merges with real git: %v", err)
	}
	for _, other := range []string{"older buoy", "this buoy"} {
		t.Run(other, func(t *testing.T) {
			repo := t.TempDir()
			git := gitIn(t, repo)
			dir := filepath.Join(repo, "history")
			s := Open(dir, Options{NoSync: true})
			// Four days, across the end of January: both month files.
			monthLayoutOf(t, dir, time.Date(2025, 1, 30, 0, 0, 0, 0, time.UTC), 4)
			git("init", "-q")
			if err := s.EnsureGitAttributes(); err != nil {
				t.Fatal(err)
			}
			git("add", "-A")
			git("commit", "-q", "-m", "base")
			round := func(region string, at time.Time) []status.Result {
				var rs []status.Result
				for _, comp := range []string{"web", "api"} {
					r := result(comp, "http", at, status.OutcomeUp, 77, "HTTP 200")
					r.Region = region
					rs = append(rs, r)
				}
				return rs
			}
			// This region: a round in hour files, then the upgrade.
			git("checkout", "-q", "-b", "eu")
			if err := s.Append(round("eu", monthNow)); err != nil {
				t.Fatal(err)
			}
			if st, err := compactAll(s, monthNow, nil); err != nil || st.Moved == 0 {
				t.Fatalf("upgrade: %+v %v", st, err)
			}
			git("add", "-A")
			git("commit", "-q", "-m", "eu")
			// The other region, from the same base.
			git("checkout", "-q", "-b", "us", "main")
			late := round("us", monthNow.Add(-30*time.Hour))
			if other == "older buoy" {
				// It appends to the month files that the upgrade emptied.
				for _, r := range round("us", monthNow) {
					f, err := os.OpenFile(filepath.Join(dir, r.Component, "2025-02.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
					if err != nil {
						t.Fatal(err)
					}
					f.Write(appendSample(nil, r))
					f.Close()
				}
			} else {
				// It appends a round, a late sample and upgrades too: day
				// files both sides added, with different lines.
				if err := s.Append(append(round("us", monthNow), late...)); err != nil {
					t.Fatal(err)
				}
				if _, err := compactAll(s, monthNow, nil); err != nil {
					t.Fatal(err)
				}
			}
			git("add", "-A")
			git("commit", "-q", "-m", "us")
			want := map[string]int{}
			countRounds(t, dir, want)
			git("checkout", "-q", "eu")
			countRounds(t, dir, want) // the union of both, some twice
			git("checkout", "-q", "us")
			git("rebase", "-q", "--onto", "eu", "main")

			got := map[string]int{}
			countRounds(t, dir, got)
			// Each side counted the base: once more than the merge holds.
			base := map[string]int{}
			git("checkout", "-q", "main")
			countRounds(t, dir, base)
			git("checkout", "-q", "us")
			for k, n := range base {
				want[k] -= n
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("after the merge:\n got %v\nwant %v", got, want)
			}
			if _, err := compactAll(s, monthNow, nil); err != nil {
				t.Fatal(err)
			}
			after := map[string]int{}
			countRounds(t, dir, after)
			if fmt.Sprint(after) != fmt.Sprint(want) {
				t.Fatalf("after the next run:\n got %v\nwant %v", after, want)
			}
			for _, comp := range []string{"web", "api"} {
				if feb, _ := os.ReadFile(filepath.Join(dir, comp, "2025-02.jsonl")); hasSamples(feb) {
					t.Errorf("%s: raw samples left in the month file:\n%.300s", comp, feb)
				}
			}
		})
	}
}

// readDay returns the hour files of a day folder, one after the other.
func readDay(dir string) ([]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, data...)
	}
	return out, nil
}

// compactAll runs compaction until a run finds nothing to do, as the
// probe rounds after an upgrade do, and adds up what the runs did.
func compactAll(s *Store, now time.Time, incidents []status.Incident) (CompactStats, error) {
	var all CompactStats
	for {
		st, err := s.Compact(now, incidents)
		if err != nil || st == (CompactStats{}) {
			return all, err
		}
		all.Files += st.Files
		all.Folded += st.Folded
		all.Rollups += st.Rollups
		all.Removed += st.Removed
		all.Days += st.Days
		all.Moved += st.Moved
	}
}
