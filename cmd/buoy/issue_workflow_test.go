package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/scaffold"
)

// TestIssueWorkflowRunsOverlap runs the script of the issue workflow's
// main step as GitHub would, with real git against a bare origin and the
// real buoy: the issue opened, then two comments whose runs overlap. Both
// updates land on buoy/issue/<n> (one run's push loses the lease and
// applies its comment again on top of the other's), and a run of the same
// comment again adds nothing. `gh` is a small script that keeps the one
// pull request's state in a file: GitHub itself is not reachable here.
func TestIssueWorkflowRunsOverlap(t *testing.T) {
	script := issueStepScript(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	state := filepath.Join(dir, "pr-open")
	write(t, filepath.Join(bin, "buoy"), "#!/bin/sh\nBUOY_AS_MAIN=1 exec '"+self+"' \"$@\"\n")
	write(t, filepath.Join(bin, "gh"), `#!/bin/sh
# gh pr list|create|edit for one pull request, its state in $GH_STATE.
case "$1 $2" in
"pr list") if [ -f "$GH_STATE" ]; then echo 1; fi ;;
"pr create") touch "$GH_STATE"; echo "https://github.com/example/status/pull/1" ;;
"pr edit") ;;
*) echo "gh: unexpected $*" >&2; exit 1 ;;
esac
`)
	for _, f := range []string{"buoy", "gh"} {
		if err := os.Chmod(filepath.Join(bin, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	origin := filepath.Join(dir, "origin.git")
	seed := filepath.Join(dir, "seed")
	write(t, filepath.Join(seed, "status.yaml"), "title: Example status\nbase_url: https://status.example.org/\ntimezone: Europe/Paris\n"+
		"components:\n  - { id: website, name: Website }\n  - { id: api, name: Public API }\n")
	write(t, filepath.Join(seed, "incidents", ".keep"), "")
	git(t, "", "init", "-q", "--bare", "-b", "main", origin)
	git(t, seed, "init", "-q", "-b", "main")
	git(t, seed, "add", ".")
	git(t, seed, "commit", "-q", "-m", "seed")
	git(t, seed, "push", "-q", origin, "main")

	run := func(name, event string) string {
		t.Helper()
		work := filepath.Join(dir, name)
		git(t, "", "clone", "-q", origin, work)
		write(t, filepath.Join(dir, name+".json"), event)
		tmp := filepath.Join(dir, name+".tmp")
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
		cmd.Dir = work
		cmd.Env = append(os.Environ(),
			"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GH_STATE="+state, "NUMBER=7", "BASE=main",
			"GITHUB_EVENT_PATH="+filepath.Join(dir, name+".json"),
			"GITHUB_OUTPUT="+filepath.Join(tmp, "output"), "RUNNER_TEMP="+tmp,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		outputs, _ := os.ReadFile(filepath.Join(tmp, "output"))
		return string(out) + string(outputs)
	}

	if out := run("opened", issueEvent("opened")); !strings.Contains(out, "pushed=true") {
		t.Fatalf("the opened issue was not pushed:\n%s", out)
	}
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i, c := range []string{
		commentEvent("/update identified A bad deploy of the API gateway.", "2026-03-15T10:15:40Z"),
		commentEvent("/update monitoring The deploy is rolled back.", "2026-03-15T10:31:02Z"),
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = run("comment"+string(rune('a'+i)), c)
		}()
	}
	wg.Wait()
	t.Logf("runs:\n%s\n%s", outs[0], outs[1])
	branchHasEachOnce(t, origin, filepath.Join(dir, "check1"))
	// The same comment's run again (Re-run in the Actions tab) adds nothing.
	t.Log(run("again", commentEvent("/update identified A bad deploy of the API gateway.", "2026-03-15T10:15:40Z")))
	branchHasEachOnce(t, origin, filepath.Join(dir, "check2"))
}

// branchHasEachOnce clones buoy/issue/7 and checks its incident holds each
// comment's update once.
func branchHasEachOnce(t *testing.T, origin, check string) {
	t.Helper()
	git(t, "", "clone", "-q", "-b", "buoy/issue/7", origin, check)
	files, _ := filepath.Glob(filepath.Join(check, "incidents", "*.yaml"))
	if len(files) != 1 {
		t.Fatalf("incident files on buoy/issue/7: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	for _, want := range []string{"status: identified", "A bad deploy of the API gateway.", "status: monitoring", "The deploy is rolled back."} {
		if n := strings.Count(string(data), want); n != 1 {
			t.Errorf("the branch's incident has %q %d times, want once:\n%s", want, n, data)
		}
	}
}

// issueStepScript is the run: of the issue workflow's step with id issue,
// as `buoy init` writes it.
func issueStepScript(t *testing.T) string {
	t.Helper()
	files, err := scaffold.Workflows(scaffold.Target{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path != ".github/workflows/issue.yml" {
			continue
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct{ ID, Run string }
			}
		}
		if err := yaml.Unmarshal(f.Data, &wf); err != nil {
			t.Fatal(err)
		}
		for _, s := range wf.Jobs["issue"].Steps {
			if s.ID == "issue" {
				return s.Run
			}
		}
	}
	t.Fatal("no step with id issue in .github/workflows/issue.yml")
	return ""
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

const issueJSON = `{"number": 7, "title": "API answers 500 errors", "user": {"login": "oncall"},
 "labels": [{"name": "incident"}], "state": "open", "created_at": "2026-03-15T09:58:12Z",
 "author_association": "COLLABORATOR", "state_reason": null,
 "body": "### Affected components\r\n\r\n- [ ] All components (*)\r\n- [ ] Website (website)\r\n- [X] Public API (api)\r\n\r\n### Impact\r\n\r\nmajor\r\n\r\n### Status\r\n\r\ninvestigating\r\n\r\n### What is happening\r\n\r\nLogins fail for everyone.\r\n\r\n### Started (optional)\r\n\r\n_No response_"}`

func issueEvent(action string) string {
	return `{"action": "` + action + `", "issue": ` + issueJSON + `, "repository": {"default_branch": "main"}}`
}

func commentEvent(body, at string) string {
	return `{"action": "created", "issue": ` + issueJSON + `, "repository": {"default_branch": "main"},
 "comment": {"id": 1, "user": {"login": "oncall"}, "created_at": "` + at + `", "author_association": "COLLABORATOR", "body": "` + body + `"}}`
}
