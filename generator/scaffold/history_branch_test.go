package scaffold

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
		cmd.Env = append(slices.Clone(env), extra...)
		for k, v := range s.Env {
			if !strings.Contains(v, "${{") {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
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
	finish := func(j job) string {
		return run(commit, filepath.Join(j.ws, HistoryDir), "GITHUB_WORKSPACE="+j.ws, "BUOY_REGION="+j.region, "BRANCH="+DataBranch)
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
	// Round 2: both append to the existing branch.
	a, b = start("eu"), start("us")
	finish(b)
	if out := finish(a); !strings.Contains(out, "lost a race") {
		t.Errorf("the second region to push did not race:\n%s", out)
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
		}
		// Runs 1 and 3 probed from eu, 2 and 4 from us (latency = run).
		if fmt.Sprint(got) != "map[eu:[1 3] us:[2 4]]" {
			t.Errorf("%s history on %s: %v; want every region's samples once", c, DataBranch, got)
		}
	}
	if last, err := publish.Last(check); err != nil || last == nil || !last.Time.Equal(today.Add(4*time.Minute)) {
		t.Errorf("deploy log on %s: newest %+v, %v; want run 4's", DataBranch, last, err)
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
