package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// actionStep is the part of a step of the root action.yml a test runs.
type actionStep struct {
	ID   string
	Name string
	Run  string
	Env  map[string]string
}

func actionSteps(t *testing.T) []actionStep {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs struct {
			Using string
			Steps []actionStep
		}
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if doc.Runs.Using != "composite" || len(doc.Runs.Steps) == 0 {
		t.Fatalf("action.yml: want a composite action with steps, got %+v", doc.Runs)
	}
	return doc.Runs.Steps
}

// TestActionScripts lints the shell of the root action.yml, which
// actionlint does not read (no workflow here uses it), and install.sh as
// the POSIX sh it claims to be.
func TestActionScripts(t *testing.T) {
	shellcheck, _ := exec.LookPath("shellcheck")
	if shellcheck == "" {
		t.Log("shellcheck not installed: checking syntax only")
	}
	check := func(name, shell, script string) {
		if out, err := exec.Command(shell, "-n", script).CombinedOutput(); err != nil {
			t.Errorf("%s: %s -n: %v\n%s", name, shell, err, out)
		}
		if shellcheck != "" {
			if out, err := exec.Command(shellcheck, "--shell="+shell, script).CombinedOutput(); err != nil {
				t.Errorf("%s: shellcheck: %v\n%s", name, err, out)
			}
		}
	}
	for _, s := range actionSteps(t) {
		if s.Run == "" {
			continue
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("action.yml %q: expressions in run: are a script injection risk; pass them through env:", s.Name)
		}
		script := filepath.Join(t.TempDir(), "step.sh")
		// GitHub runs bash steps with bash -e -o pipefail.
		if err := os.WriteFile(script, []byte("#!/bin/bash\nset -eo pipefail\n"+s.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		check("action.yml "+s.Name, "bash", script)
	}
	check("install.sh", "sh", filepath.Join(root, "install.sh"))
	if dash, err := exec.LookPath("dash"); err == nil {
		if out, err := exec.Command(dash, "-n", filepath.Join(root, "install.sh")).CombinedOutput(); err != nil {
			t.Errorf("install.sh: dash -n: %v\n%s", err, out)
		}
	}
}

// TestActionVersion runs the action's version step as GitHub would: the
// version comes from the input, else from the tag the action is used at.
func TestActionVersion(t *testing.T) {
	var run string
	for _, s := range actionSteps(t) {
		if s.ID == "version" {
			run = s.Run
		}
	}
	if run == "" {
		t.Fatal("action.yml has no step with id: version")
	}
	for _, tc := range []struct {
		name             string
		input, ref, path string
		latest           string // the tag releases/latest redirects to; "" for none
		want             string // the version output; "" for a failed step
		wantErr          string
	}{
		{name: "tag", ref: "v1.2.3", want: "v1.2.3"},
		{name: "prerelease tag", ref: "v1.3.0-rc.1", want: "v1.3.0-rc.1"},
		{name: "input over tag", input: "v1.2.4", ref: "v1.2.3", want: "v1.2.4"},
		{name: "input without v", input: "1.2.4", ref: "main", want: "v1.2.4"},
		{name: "empty action_ref", path: "/home/runner/work/_actions/buoystatus/buoy/v2.0.1", want: "v2.0.1"},
		{name: "bad input", input: "v1.2.3; rm -rf /", ref: "v1.2.3", wantErr: "not a buoy version: v1.2.3; rm -rf /"},
		{name: "branch, latest", ref: "main", latest: "v1.4.0", want: "v1.4.0"},
		{name: "major tag", ref: "v1", latest: "v1.4.0", want: "v1.4.0"},
		{name: "major tag, newer major out", ref: "v1", latest: "v2.0.0", wantErr: "the newest buoy release is v2.0.0, not a v1 release"},
		{name: "no release yet", ref: "main", latest: "", wantErr: "buoy has no release yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "output")
			// GitHub's releases/latest redirects to the newest release's
			// tag page, and to nowhere else while there is none.
			releases := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/releases/latest" && tc.latest != "":
					http.Redirect(w, r, "/releases/tag/"+tc.latest, http.StatusFound)
				default:
					fmt.Fprintln(w, "releases")
				}
			}))
			defer releases.Close()
			cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", run)
			cmd.Env = []string{
				"PATH=" + os.Getenv("PATH"),
				"INPUT_VERSION=" + tc.input,
				"ACTION_REF=" + tc.ref,
				"GITHUB_ACTION_PATH=" + tc.path,
				"GITHUB_OUTPUT=" + out,
				"RUNNER_TOOL_CACHE=/opt/hostedtoolcache",
				"RUNNER_ARCH=X64",
				"BUOY_LATEST_URL=" + releases.URL + "/releases/latest",
			}
			b, err := cmd.CombinedOutput()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(string(b), tc.wantErr) {
					t.Fatalf("err = %v, output %q; want a failure saying %q", err, b, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want := "version=" + tc.want + "\ndir=/opt/hostedtoolcache/buoy/" + tc.want + "/X64\n"
			if string(got) != want {
				t.Errorf("GITHUB_OUTPUT = %q, want %q", got, want)
			}
		})
	}
}
