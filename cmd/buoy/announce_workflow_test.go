package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/scaffold"
)

// TestDeployAnnounces runs the deploy workflow's history checkout and
// Announce step as `buoy init` writes them, with real git against a bare
// origin and the real buoy, to a webhook on loopback: two deploys start
// from the same commit of the data branch; the second loses the push of
// its claims, claims again on top of the first's and sends nothing. A
// later deploy sends only the new update. Each update reaches the hook
// once, and the announce log on the data branch says so.
func TestDeployAnnounces(t *testing.T) {
	var mu sync.Mutex
	took := map[string]int{}
	// during, when set, runs once while a deploy sends: what pushes to the
	// data branch between its two pushes.
	var during func()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if during != nil {
			during()
			during = nil
		}
		took[r.Header.Get("Idempotency-Key")]++
		if !strings.Contains(string(body), `"version":1`) {
			t.Errorf("webhook body: %s", body)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()

	files, err := scaffold.Workflows(scaffold.Target{})
	if err != nil {
		t.Fatal(err)
	}
	checkout := compositeStep(t, files, ".github/actions/history/action.yml")
	announce := workflowStep(t, files, ".github/workflows/deploy.yml", "deploy", "Announce")

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	write(t, filepath.Join(bin, "buoy"), "#!/bin/sh\nBUOY_AS_MAIN=1 exec '"+self+"' \"$@\"\n")
	// The back-off after a lost race only slows the test down.
	write(t, filepath.Join(bin, "sleep"), "#!/bin/sh\nexit 0\n")
	for _, f := range []string{"buoy", "sleep"} {
		if err := os.Chmod(filepath.Join(bin, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	origin := filepath.Join(dir, "origin.git")
	git(t, "", "init", "-q", "--bare", "-b", "main", origin)
	git(t, origin, "config", "uploadpack.allowFilter", "true")
	git(t, origin, "config", "uploadpack.allowAnySHA1InWant", "true")
	seed := filepath.Join(dir, "seed")
	write(t, filepath.Join(seed, "status.yaml"), "title: Example status\nbase_url: https://status.example.org/\n"+
		"components:\n  - { id: api, name: API }\nnotify:\n  - { id: hook, type: webhook, url: \"${HOOK_URL}\", on: [incident] }\n")
	incident := "title: Database down\ncomponents: [api]\nimpact: major\nstarted: 2026-01-05T10:00:00Z\nupdates:\n" +
		"  - { at: 2026-01-05T10:05:00Z, status: investigating, text: Errors. }\n  - { at: 2026-01-05T11:00:00Z, status: resolved, text: Fixed. }\n"
	write(t, filepath.Join(seed, "incidents", "2026-01-05-db.yaml"), incident)
	git(t, seed, "init", "-q", "-b", "main")
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "seed")
	git(t, seed, "push", "-q", origin, "main")
	// The data branch, its log started by an earlier deploy.
	data := filepath.Join(dir, "data")
	write(t, filepath.Join(data, ".gitattributes"), "*.jsonl merge=union\n")
	write(t, filepath.Join(data, "announce.jsonl"), `{"time":"2026-01-01T00:00:00Z","op":"start","target":"hook","since":"2026-01-01T00:00:00Z"}`+"\n")
	git(t, data, "init", "-q", "-b", "status-data")
	git(t, data, "add", ".")
	git(t, data, "commit", "-q", "-m", "data")
	git(t, data, "push", "-q", origin, "status-data")

	env := func(extra ...string) []string {
		return append(os.Environ(), append([]string{
			"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOOK_URL=" + hook.URL,
			"RUNNER_TEMP=" + dir, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
		}, extra...)...)
	}
	step := func(s step, work string, extra ...string) string {
		t.Helper()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.run)
		cmd.Dir = work
		cmd.Env = env(append(s.env, extra...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("step %s in %s: %v\n%s", s.name, work, err, out)
		}
		return string(out)
	}
	// deploy is one deploy job up to its Announce step.
	deploy := func(name string) string {
		work := filepath.Join(dir, name)
		git(t, "", "clone", "-q", "--depth=1", "file://"+origin, work)
		step(checkout, work, "BRANCH=status-data", "CREATE=true", "SCOPE=page", "DIR=history")
		return work
	}
	a, b := deploy("a"), deploy("b")
	if out := step(announce, a, "GITHUB_RUN_ID=1", "GITHUB_RUN_ATTEMPT=1"); !strings.Contains(out, "sent 2 of 2 announcements") {
		t.Errorf("first deploy:\n%s", out)
	}
	out := step(announce, b, "GITHUB_RUN_ID=2", "GITHUB_RUN_ATTEMPT=1")
	if !strings.Contains(out, "lost a race") || !strings.Contains(out, "Nothing to announce.") {
		t.Errorf("second deploy:\n%s", out)
	}
	// A new update on main, and a third deploy.
	write(t, filepath.Join(seed, "incidents", "2026-01-05-db.yaml"), incident+"  - { at: 2026-01-06T09:00:00Z, status: resolved, text: Root cause found. }\n")
	git(t, seed, "commit", "-q", "-am", "update")
	git(t, seed, "push", "-q", origin, "main")
	// While it sends, a probe round pushes samples and an alert, and a
	// laptop starts the log of a target of its own: the push of what the
	// deploy sent loses the race and is replayed on top, the logs merged
	// by union.
	c := deploy("c")
	probe := filepath.Join(dir, "probe")
	mu.Lock()
	during = func() {
		if out, err := exec.Command("git", "clone", "-q", "-b", "status-data", origin, probe).CombinedOutput(); err != nil {
			t.Errorf("probe: git clone: %v\n%s", err, out)
		}
		appendFile(t, filepath.Join(probe, "api", "2026-01-06.jsonl"), `{"time":"2026-01-06T09:05:00Z","outcome":"up"}`+"\n")
		appendFile(t, filepath.Join(probe, "announce.jsonl"), `{"time":"2026-01-06T09:05:00Z","op":"start","target":"laptop","since":"2026-01-06T09:05:00Z"}`+"\n")
		for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "-m", "probe"}, {"push", "-q", "origin", "status-data"}} {
			cmd := exec.Command("git", args...)
			cmd.Dir, cmd.Env = probe, env()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("probe: git %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	mu.Unlock()
	out = step(announce, c, "GITHUB_RUN_ID=3", "GITHUB_RUN_ATTEMPT=1")
	if !strings.Contains(out, "sent 1 of 1 announcement") || !strings.Contains(out, "push of the results to status-data lost a race") {
		t.Errorf("third deploy:\n%s", out)
	}

	mu.Lock()
	if len(took) != 3 {
		t.Errorf("the hook took %d announcements, want 3: %v", len(took), took)
	}
	for k, n := range took {
		if n != 1 {
			t.Errorf("announcement %s sent %d times", k, n)
		}
	}
	mu.Unlock()
	check := filepath.Join(dir, "check")
	git(t, "", "clone", "-q", "-b", "status-data", origin, check)
	log, err := os.ReadFile(filepath.Join(check, "announce.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), `"op":"sent"`); n != 3 {
		t.Errorf("the data branch's log records %d sent, want 3:\n%s", n, log)
	}
	if n := strings.Count(string(log), `"op":"claim","run":"2-1"`); n != 0 {
		t.Errorf("the losing run's claims reached the data branch:\n%s", log)
	}
	if !strings.Contains(string(log), `"target":"laptop"`) || !strings.Contains(string(log), `"op":"sent","run":"3-1"`) {
		t.Errorf("the data branch's log lost the laptop's start or what the third deploy sent:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(check, "api", "2026-01-06.jsonl")); err != nil {
		t.Errorf("the probe round's samples are not on the data branch: %v", err)
	}
	cmd := exec.Command("git", "log", "--format=%s", "-3")
	cmd.Dir = check
	if got, err := cmd.Output(); err != nil || string(got) != "announce 3-1: sent\nprobe\nannounce 3-1: claims\n" {
		t.Errorf("data branch history (%v):\n%s", err, got)
	}
}

type step struct {
	name, run string
	env       []string
}

// workflowStep is the named step of a job of a workflow buoy init writes,
// with its env: entries that need no GitHub expression.
func workflowStep(t *testing.T, files []scaffold.File, path, job, name string) step {
	t.Helper()
	for _, f := range files {
		if f.Path != path {
			continue
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Name, Run string
					Env       map[string]string
				}
			}
		}
		if err := yaml.Unmarshal(f.Data, &wf); err != nil {
			t.Fatal(err)
		}
		for _, s := range wf.Jobs[job].Steps {
			if s.Name == name {
				return step{name: s.Name, run: s.Run, env: plainEnv(s.Env)}
			}
		}
	}
	t.Fatalf("no step %q in job %s of %s", name, job, path)
	return step{}
}

// compositeStep is the first step of a composite action buoy init writes.
func compositeStep(t *testing.T, files []scaffold.File, path string) step {
	t.Helper()
	for _, f := range files {
		if f.Path != path {
			continue
		}
		var a struct {
			Runs struct {
				Steps []struct {
					Name, Run string
				}
			}
		}
		if err := yaml.Unmarshal(f.Data, &a); err != nil || len(a.Runs.Steps) == 0 {
			t.Fatalf("%s: %v", path, err)
		}
		return step{name: a.Runs.Steps[0].Name, run: a.Runs.Steps[0].Run}
	}
	t.Fatalf("no %s", path)
	return step{}
}

func plainEnv(m map[string]string) []string {
	var out []string
	for k, v := range m {
		if !strings.Contains(v, "${{") {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// appendFile appends data to path, from a handler's goroutine: a failure
// is an error of the test, not a fatal one.
func appendFile(t *testing.T, path, data string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Error(err)
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		t.Error(err)
	}
}
