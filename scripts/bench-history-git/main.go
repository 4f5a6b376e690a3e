// Command bench-history-git measures what probe history costs in git, on
// a simulated data branch with real git (docs/history.md "Cost in git"):
//
//	go run ./scripts/bench-history-git              # 7 days of rounds
//	go run ./scripts/bench-history-git -days 14 -keep /tmp/bench
//
// It writes a year of history for 100 probes (10 components of 10):
// rollups of the days older than 30, raw samples of the last 30 with
// jittered rounds and latencies, as one commit (the branch as restarted
// weekly). Then it appends and commits -days days of 5-minute rounds
// through the history store, compacting as buoy probe does; runs the
// probe workflow's git steps (the history action and the commit step, as
// rendered by buoy init) against a local bare origin; runs git gc on the
// repository that made the commits; measures a fresh full clone of the
// origin after git gc; and loads the history as buoy build does. It prints
// a table.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/scaffold"
	"github.com/buoystatus/buoy/generator/status"
)

const branch = "status-data"

func main() {
	days := flag.Int("days", 7, "days of 5-minute rounds committed one by one")
	keep := flag.String("keep", "", "work in `DIR` and keep it (default: a temporary folder, removed)")
	jobs := flag.Int("jobs", 3, "probe jobs run against the origin")
	flag.Parse()
	if err := run(*days, *jobs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench-history-git:", err)
		os.Exit(1)
	}
}

type bench struct {
	dir  string
	rng  *rand.Rand
	comp []string
	// per-probe median latency
	base map[string]float64
}

func run(days, jobs int, keep string) error {
	dir := keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "bench-history-git-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b := &bench{dir: dir, rng: rand.New(rand.NewPCG(1, 2)), base: map[string]float64{}}
	for c := range 10 {
		b.comp = append(b.comp, fmt.Sprintf("component-%d", c))
		for p := range 10 {
			b.base[fmt.Sprintf("component-%d/probe-%d", c, p)] = 30 + 400*b.rng.Float64()
		}
	}
	// The simulated rounds end now: the history action picks the files
	// of a round by today's date.
	end := time.Now().UTC().Truncate(5 * time.Minute)
	start := end.AddDate(0, 0, -days)
	origin := filepath.Join(dir, "origin.git")
	work := filepath.Join(dir, "work")
	for _, args := range [][]string{
		{"init", "-q", "--bare", "-b", branch, origin},
		{"-C", origin, "config", "uploadpack.allowFilter", "true"},
		{"-C", origin, "config", "uploadpack.allowAnySHA1InWant", "true"},
		{"init", "-q", "-b", branch, work},
		{"-C", work, "config", "gc.auto", "0"}, // a CI job never gets there
	} {
		if _, err := git(dir, args...); err != nil {
			return err
		}
	}
	store := history.Open(work, history.Options{NoSync: true})
	if err := store.EnsureGitAttributes(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "writing a year of history up to %s…\n", start.Format(time.DateOnly))
	if err := b.rollups(work, start.AddDate(-1, 0, 0), start.AddDate(0, 0, -history.RawDays)); err != nil {
		return err
	}
	for t := start.AddDate(0, 0, -history.RawDays); t.Before(start); t = t.Add(5 * time.Minute) {
		if err := store.Append(b.round(t)); err != nil {
			return err
		}
	}
	// As a day of rounds would: one component per run.
	for {
		st, err := store.Compact(start, nil)
		if err != nil {
			return err
		}
		if st == (history.CompactStats{}) {
			break
		}
	}
	if _, err := git(work, "add", "-A"); err != nil {
		return err
	}
	if _, err := git(work, "commit", "-q", "-m", "history up to "+start.Format(time.DateOnly)); err != nil {
		return err
	}
	if _, err := git(work, "push", "-q", origin, branch); err != nil {
		return err
	}
	rootClone, _, err := gcAndClone(dir, origin, "clone-root")
	if err != nil {
		return err
	}

	fmt.Fprintf(os.Stderr, "committing %d days of rounds…\n", days)
	var cpu, size []float64
	for t := start; t.Before(end); t = t.Add(5 * time.Minute) {
		c0 := cpuSelf()
		at := t.Add(time.Duration(b.rng.IntN(120)) * time.Second) // a scheduled job starts late
		if err := store.Append(b.round(at)); err != nil {
			return err
		}
		if _, err := store.Compact(at, nil); err != nil {
			return err
		}
		gitCPU := 0.0
		for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "-m", "probe: " + at.Format(time.RFC3339)}} {
			st, err := git(work, args...)
			if err != nil {
				return err
			}
			gitCPU += st
		}
		cpu = append(cpu, cpuSelf()-c0+gitCPU)
		n, err := newObjects(work)
		if err != nil {
			return err
		}
		size = append(size, float64(n))
	}
	// The repository that made the commits, loose objects and all, as in
	// a clone where someone replays rounds; the origin receives packs.
	fmt.Fprintln(os.Stderr, "git gc of the committing repository…")
	gcCPU, err := git(work, "gc", "-q")
	if err != nil {
		return err
	}
	if _, err := git(work, "push", "-q", origin, branch); err != nil {
		return err
	}

	fmt.Fprintf(os.Stderr, "running %d probe jobs against the origin…\n", jobs)
	var wall []float64
	for j := range jobs {
		w, err := b.job(dir, origin, j, end.Add(time.Duration(j)*time.Minute))
		if err != nil {
			return err
		}
		wall = append(wall, w)
	}

	fmt.Fprintln(os.Stderr, "git gc of the origin and a fresh clone…")
	clone, _, err := gcAndClone(dir, origin, "clone")
	if err != nil {
		return err
	}

	ids := b.comp
	var loadCPU, loadWall []float64
	for range 5 {
		c0, w0 := cpuSelf(), time.Now()
		set, err := history.Open(work, history.Options{}).Load(ids, end.AddDate(0, 0, -91))
		if err != nil {
			return err
		}
		loadWall = append(loadWall, time.Since(w0).Seconds())
		loadCPU = append(loadCPU, cpuSelf()-c0)
		if samples, _ := set.Counts(); samples == 0 {
			return fmt.Errorf("loaded no samples")
		}
	}
	perDay := (clone - rootClone) / float64(days)

	fmt.Printf("history of 100 probes (10 components × 10), 5-minute rounds; %d days of rounds committed one by one\n\n", days)
	fmt.Printf("%-52s %12s %12s %10s\n", "measure", "mean", "max", "target")
	row := func(name string, v []float64, unit string, scale float64, target string) {
		fmt.Printf("%-52s %12s %12s %10s\n", name, fmtv(mean(v)*scale, unit), fmtv(slices.Max(v)*scale, unit), target)
	}
	row("append + compact + commit one round: CPU", cpu, "s", 1, "≤ 0.2 s")
	row("append + compact + commit one round: new objects", size, "KB", 1.0/1000, "≤ 200 KB")
	row("probe job's git steps (fetch, commit, push): wall", wall, "s", 1, "≤ 5 s")
	row("load 91 days for buoy build: CPU", loadCPU, "s", 1, "")
	row("load 91 days for buoy build: wall", loadWall, "s", 1, "≤ 0.5 s")
	fmt.Printf("%-52s %12s %12s %10s\n", fmt.Sprintf("git gc after %d days of commits: CPU", days), "", fmtv(gcCPU, "s"), "≤ 120 s")
	fmt.Printf("%-52s %12s %12s %10s\n", "fresh full clone after gc: files of a year, 1 commit", "", fmtv(rootClone/1e6, "MB"), "")
	fmt.Printf("%-52s %12s %12s %10s\n", fmt.Sprintf("fresh full clone after gc: + %d days of commits", days), "", fmtv(clone/1e6, "MB"), "≤ 50 MB")
	fmt.Printf("%-52s %12s %12s %10s\n", "each day of commits adds", "", fmtv(perDay/1e6, "MB"), "")
	fmt.Printf("%-52s %12s %12s %10s\n", "a year: restarted weekly (≤ 7 days of commits)", "", fmtv((rootClone+7*perDay)/1e6, "MB"), "≤ 50 MB")
	fmt.Printf("%-52s %12s %12s %10s\n", "a year: never restarted (365 days of commits)", "", fmtv((rootClone+365*perDay)/1e6, "MB"), "")
	return nil
}

// round is one probe round at t: every probe, latencies spread around
// each probe's own median, an outage now and then.
func (b *bench) round(t time.Time) []status.Result {
	rs := make([]status.Result, 0, 100)
	for _, c := range b.comp {
		for p := range 10 {
			probe := fmt.Sprintf("probe-%d", p)
			ms := b.base[c+"/"+probe] * math.Exp(0.35*b.rng.NormFloat64())
			r := status.Result{Time: t.Add(time.Duration(b.rng.IntN(1500)) * time.Millisecond), Component: c, Probe: probe,
				Outcome: status.OutcomeUp, Latency: time.Duration(ms * float64(time.Millisecond)), Reason: "HTTP 200", Region: "github"}
			if b.rng.IntN(500) == 0 {
				r.Outcome, r.Latency, r.Reason = status.OutcomeDown, 10*time.Second, "timeout after 10s"
			}
			rs = append(rs, r)
		}
	}
	return rs
}

// rollups writes the month files of [from, to) as compaction leaves them:
// a rollup per probe and day, rounds drifting unevenly over the quarter
// hours as scheduled jobs do.
func (b *bench) rollups(dir string, from, to time.Time) error {
	files := map[string]*bytes.Buffer{}
	for d := from.Truncate(24 * time.Hour); d.Before(to.Truncate(24 * time.Hour)); d = d.AddDate(0, 0, 1) {
		for _, c := range b.comp {
			path := filepath.Join(dir, c, d.Format("2006-01")+history.Ext)
			if files[path] == nil {
				files[path] = &bytes.Buffer{}
			}
			for p := range 10 {
				probe := fmt.Sprintf("probe-%d", p)
				var runs []string
				up, down := 0, 0
				for q := 0; q < 96; {
					n := []int{2, 3, 3, 3, 4}[b.rng.IntN(5)]
					dn := 0
					if b.rng.IntN(300) == 0 {
						dn = 1
					}
					k := 1
					for q+k < 96 && b.rng.IntN(3) == 0 {
						k++
					}
					up, down = up+k*(n-dn), down+k*dn
					run := strconv.Itoa(n - dn)
					if dn > 0 {
						run += ".0." + strconv.Itoa(dn)
					}
					if k > 1 {
						run = strconv.Itoa(k) + "*" + run
					}
					runs = append(runs, run)
					q += k
				}
				med := b.base[c+"/"+probe]
				line := fmt.Sprintf(`{"day":"%s","component":"%s","probe":"%s","region":"github","up":%d`, d.Format(time.DateOnly), c, probe, up)
				if down > 0 {
					line += fmt.Sprintf(`,"down":%d`, down)
				}
				line += fmt.Sprintf(`,"p50_ms":%d,"p95_ms":%d,"quarters":"%s"}`+"\n", int(med*(0.9+0.2*b.rng.Float64())), int(med*1.8*(0.9+0.2*b.rng.Float64())), strings.Join(runs, ","))
				files[path].WriteString(line)
			}
		}
	}
	for path, buf := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// job runs one probe job's git steps, as buoy init writes them, in a new
// workspace: the history action (scope: round), a round appended by the
// history store, the commit step. It returns the wall time of the steps.
func (b *bench) job(dir, origin string, n int, at time.Time) (float64, error) {
	files, err := scaffold.Workflows(scaffold.Target{Version: "v1.0.0"})
	if err != nil {
		return 0, err
	}
	var checkout, commit string
	for _, f := range files {
		var doc struct {
			Jobs map[string]struct{ Steps []struct{ Name, Run string } }
			Runs struct{ Steps []struct{ Name, Run string } }
		}
		if err := yaml.Unmarshal(f.Data, &doc); err != nil {
			return 0, fmt.Errorf("%s: %w", f.Path, err)
		}
		steps := doc.Runs.Steps
		for _, j := range doc.Jobs {
			steps = append(steps, j.Steps...)
		}
		for _, s := range steps {
			switch {
			case f.Path == ".github/actions/history/action.yml" && strings.HasPrefix(s.Name, "Check out"):
				checkout = s.Run
			case f.Path == ".github/workflows/probe.yml" && strings.HasPrefix(s.Name, "Commit the samples"):
				commit = s.Run
			}
		}
	}
	if checkout == "" || commit == "" {
		return 0, fmt.Errorf("no checkout or commit step in the workflows of buoy init")
	}
	ws := filepath.Join(dir, "job-"+strconv.Itoa(n))
	for _, args := range [][]string{{"init", "-q", ws}, {"-C", ws, "remote", "add", "origin", "file://" + origin}} {
		if _, err := git(dir, args...); err != nil {
			return 0, err
		}
	}
	env := append(os.Environ(), "BRANCH="+branch, "CREATE=true", "SCOPE=round", "DIR=history", "RUNNER_TEMP="+dir,
		"GITHUB_WORKSPACE="+ws, "BUOY_REGION=github", "GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=bench@example.org",
		"GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=bench@example.org")
	bash := func(script, wd string) (time.Duration, error) {
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir, cmd.Env = wd, env
		t0 := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("step in %s: %v\n%s", wd, err, out)
		}
		return time.Since(t0), nil
	}
	w1, err := bash(checkout, ws)
	if err != nil {
		return 0, err
	}
	store := history.Open(filepath.Join(ws, "history"), history.Options{NoSync: true})
	if err := store.Append(b.round(at)); err != nil {
		return 0, err
	}
	if _, err := store.Compact(at, nil); err != nil {
		return 0, err
	}
	w2, err := bash(commit, filepath.Join(ws, "history"))
	if err != nil {
		return 0, err
	}
	return (w1 + w2).Seconds(), nil
}

// gcAndClone runs git gc on origin, then clones it whole and returns the
// size of the clone's repository and gc's CPU time.
func gcAndClone(dir, origin, name string) (size, gcCPU float64, err error) {
	if gcCPU, err = git(dir, "-C", origin, "gc", "-q"); err != nil {
		return 0, 0, err
	}
	clone := filepath.Join(dir, name)
	if _, err := git(dir, "clone", "-q", "--bare", "--no-local", origin, clone); err != nil {
		return 0, 0, err
	}
	err = filepath.Walk(clone, func(path string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			size += float64(fi.Size())
		}
		return err
	})
	return size, gcCPU, err
}

// newObjects is the size on disk of the objects the last commit created:
// itself, the trees and blobs it changed.
func newObjects(work string) (int, error) {
	cmd := exec.Command("git", "diff-tree", "-r", "-t", "--root", "--no-commit-id", "HEAD")
	cmd.Dir = work
	out, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	ids := []string{"HEAD", "HEAD^{tree}"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && f[3] != strings.Repeat("0", len(f[3])) {
			ids = append(ids, f[3])
		}
	}
	check := exec.Command("git", "cat-file", "--batch-check=%(objectsize:disk)")
	check.Dir = work
	check.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	out, err = check.Output()
	if err != nil {
		return 0, err
	}
	total := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		n, err := strconv.Atoi(sc.Text())
		if err != nil {
			return 0, fmt.Errorf("cat-file: %q", sc.Text())
		}
		total += n
	}
	return total, nil
}

// git runs git in dir and returns its CPU time (its children's included).
func git(dir string, args ...string) (float64, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=bench@example.org",
		"GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=bench@example.org", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds(), nil
}

func cpuSelf() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func fmtv(v float64, unit string) string {
	switch unit {
	case "s":
		return fmt.Sprintf("%.3f s", v)
	default:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
}
