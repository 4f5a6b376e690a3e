package scaffold

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/publish"
	"github.com/buoystatus/buoy/generator/status"
)

// TestHistoryBranch runs the workflows' git steps, as written, against a
// local origin: two regions start the data branch at the same time, then
// race again appending to it. Every sample must survive, and main must
// never receive a commit.
func TestHistoryBranch(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	files := rendered(t, Target{Version: "v1.2.3"})
	checkout := findStep(t, files[".github/actions/history/action.yml"], "Check out")
	commit := findStep(t, files[".github/workflows/probe.yml"], "Commit the samples")

	tmp := t.TempDir()
	// No-op sleep: the retry back-off only slows the test down.
	bin := filepath.Join(tmp, "bin")
	os.Mkdir(bin, 0o755)
	if err := os.WriteFile(filepath.Join(bin, "sleep"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + tmp, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_DATE=2026-11-22T12:00:00Z", "GIT_COMMITTER_DATE=2026-11-22T12:00:00Z",
		"RUNNER_TEMP=" + filepath.Join(tmp, "runner"),
	}
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run := func(s step, dir string, extra ...string) string {
		t.Helper()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
		cmd.Dir = dir
		cmd.Env = slices.Clone(env)
		for k, v := range s.Env {
			if !strings.Contains(v, "${{") {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		cmd.Env = append(cmd.Env, extra...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("step %q in %s: %v\n%s", s.Name, dir, err, out)
		}
		return string(out)
	}
	os.MkdirAll(filepath.Join(tmp, "runner"), 0o755)
	origin := filepath.Join(tmp, "origin.git")
	git(tmp, "init", "-q", "--bare", "-b", "main", origin)
	// As GitHub does: partial clones, and fetching the blobs they lack.
	git(origin, "config", "uploadpack.allowFilter", "true")
	git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
	seed := filepath.Join(tmp, "seed")
	git(tmp, "clone", "-q", origin, seed)
	os.WriteFile(filepath.Join(seed, "status.yaml"), []byte("title: T\n"), 0o644)
	// main ignores history/, where the data branch is checked out: that
	// must not keep the samples out of the data branch's commits.
	for _, f := range repoFiles(t) {
		if f.Path == ".gitignore" || f.Path == ".gitattributes" {
			os.WriteFile(filepath.Join(seed, f.Path), f.Data, 0o644)
		}
	}
	git(seed, "add", ".")
	git(seed, "-c", "user.name=u", "-c", "user.email=u@example.org", "commit", "-q", "-m", "init")
	git(seed, "push", "-q", "origin", "main")
	mainHead := git(seed, "rev-parse", "HEAD")

	workspace := 0
	today := time.Now().UTC().Truncate(time.Minute)
	// start is one job of the probe workflow up to buoy probe: a fresh
	// shallow checkout, the history worktree, samples appended with the
	// history store; finish is its commit step. Finishing one job after
	// another has started makes them race.
	type job struct{ ws, region string }
	start := func(region string) job {
		workspace++
		ws := filepath.Join(tmp, "ws", region+strings.Repeat("'", workspace))
		git(tmp, "clone", "-q", "--depth=1", "file://"+origin, ws)
		run(checkout, ws, "BRANCH="+DataBranch, "CREATE=true", "SCOPE=round")
		// What buoy probe does to the history folder.
		store := history.Open(filepath.Join(ws, HistoryDir), history.Options{NoSync: true})
		if err := store.EnsureGitAttributes(); err != nil {
			t.Fatal(err)
		}
		// Today: the probe checkout holds the files of the last two days.
		at := today.Add(time.Duration(workspace) * time.Minute)
		var results []status.Result
		for _, c := range []string{"web", "api"} {
			results = append(results, status.Result{Time: at, Component: c, Probe: "home", Region: region, Outcome: status.OutcomeUp, Latency: time.Duration(workspace) * time.Millisecond})
		}
		if err := store.Append(results); err != nil {
			t.Fatal(err)
		}
		// What buoy deploy-due does when it calls for a deploy.
		deployed := publish.Deploy{Time: at, Summary: publish.Summary{States: map[string]status.ComponentStatus{"web": status.Operational}}}
		if err := publish.Record(store.Dir(), deployed); err != nil {
			t.Fatal(err)
		}
		return job{ws, region}
	}
	finish := func(j job, extra ...string) string {
		return run(commit, filepath.Join(j.ws, HistoryDir), append([]string{"GITHUB_WORKSPACE=" + j.ws, "BUOY_REGION=" + j.region, "BRANCH=" + DataBranch}, extra...)...)
	}
	store := func(j job) *history.Store {
		return history.Open(filepath.Join(j.ws, HistoryDir), history.Options{NoSync: true})
	}
	// Deploying before any probe run builds without history.
	deploy := func() (ws, out string) {
		ws = filepath.Join(tmp, "deploy", strings.Repeat("'", workspace))
		git(tmp, "clone", "-q", "--depth=1", "file://"+origin, ws)
		return ws, run(checkout, ws, "BRANCH="+DataBranch, "CREATE=false", "SCOPE=page")
	}
	if _, out := deploy(); !strings.Contains(out, "No "+DataBranch+" branch yet") {
		t.Errorf("deploy without a data branch:\n%s", out)
	}
	// Round 1: no data branch yet; both regions start it.
	a, b := start("eu"), start("us")
	finish(a)
	if out := finish(b); !strings.Contains(out, "lost a race") {
		t.Errorf("the second region to push did not race:\n%s", out)
	}
	// Round 2: both append to the existing branch; one also back-fills
	// a day old enough to be folded and one of three days ago, files
	// outside its checkout.
	a, b = start("eu"), start("us")
	old, past := today.AddDate(0, 0, -40), today.AddDate(0, 0, -3)
	for _, c := range []string{"web", "api"} {
		if err := store(a).Append([]status.Result{
			{Time: old, Component: c, Probe: "home", Region: "eu", Outcome: status.OutcomeUp, Latency: 99 * time.Millisecond},
			{Time: past, Component: c, Probe: "home", Region: "eu", Outcome: status.OutcomeUp, Latency: 98 * time.Millisecond},
		}); err != nil {
			t.Fatal(err)
		}
	}
	finish(b)
	if out := finish(a); !strings.Contains(out, "lost a race") {
		t.Errorf("the second region to push did not race:\n%s", out)
	}
	// Round 3, on the day the branch restarts: one region's compaction
	// folds the old day, gathers the other's hour files into a day file,
	// and restarts the branch from one commit; the other region, which
	// started before, replays its commit onto that one.
	a, b = start("eu"), start("us")
	// A run compacts one component: two runs, as two rounds would.
	for _, c := range []string{"api", "web"} {
		if st, err := store(a).Compact(today, nil); err != nil || st.Removed != 2 || st.Rollups != 1 || st.Moved != 1 {
			t.Fatalf("compaction of %s in the probe checkout: %+v %v", c, st, err)
		}
	}
	if _, err := os.Stat(filepath.Join(a.ws, HistoryDir, "web", past.Format(time.DateOnly)+".jsonl")); err != nil {
		t.Errorf("no day file for three days ago: %v", err)
	}
	weekday := "RESTART_WEEKDAY=" + strconv.Itoa((int(time.Now().UTC().Weekday())+6)%7+1)
	if out := finish(a, weekday); !strings.Contains(out, "Restarted "+DataBranch) {
		t.Errorf("the round that folded a day did not restart the branch:\n%s", out)
	}
	if out := finish(b, weekday); !strings.Contains(out, "lost a race") {
		t.Errorf("the region that started before the restart did not race:\n%s", out)
	}
	if n := strings.TrimSpace(git(origin, "rev-list", "--count", DataBranch)); n != "2" {
		t.Errorf("%s has %s commits after the restart and one round, want 2", DataBranch, n)
	}

	ws, _ := deploy()
	check := filepath.Join(ws, HistoryDir)
	set, err := history.Open(check, history.Options{}).Load([]string{"web", "api"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"web", "api"} {
		got := map[string][]int32{}
		for _, series := range set.Component(c) {
			for _, x := range series.Samples {
				got[series.Region] = append(got[series.Region], x.LatencyMS)
			}
			for _, r := range series.Rollups {
				got[series.Region+" rollup"] = append(got[series.Region+" rollup"], r.P50MS)
			}
		}
		// Runs 1, 3 and 5 probed from eu, 2, 4 and 6 from us (latency =
		// run); the back-filled days: a rollup, and a day file.
		if fmt.Sprint(got) != "map[eu:[98 1 3 5] eu rollup:[99] us:[2 4 6]]" {
			t.Errorf("%s history on %s: %v; want every region's samples once", c, DataBranch, got)
		}
	}
	if last, err := publish.Last(check); err != nil || last == nil || !last.Time.Equal(today.Add(6*time.Minute)) {
		t.Errorf("deploy log on %s: newest %+v, %v; want run 6's", DataBranch, last, err)
	}
	if attrs, _ := os.ReadFile(filepath.Join(check, ".gitattributes")); string(attrs) != history.GitAttributes {
		t.Errorf(".gitattributes on %s = %q", DataBranch, attrs)
	}
	if files := git(check, "ls-files"); strings.Contains(files, "status.yaml") {
		t.Errorf("%s carries main's files:\n%s", DataBranch, files)
	}
	if got := git(seed, "ls-remote", "origin", "refs/heads/main"); !strings.HasPrefix(got, strings.TrimSpace(mainHead)) {
		t.Errorf("main moved: %s, was %s", got, mainHead)
	}
}

func findStep(t *testing.T, f File, prefix string) step {
	t.Helper()
	for _, s := range steps(t, f) {
		if strings.HasPrefix(s.Name, prefix) {
			return s
		}
	}
	t.Fatalf("%s has no step %q", f.Path, prefix)
	return step{}
}

func repoFiles(t *testing.T) []File {
	t.Helper()
	files, err := Repository(Options{Now: time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC), Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
