package scaffold

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// step is the part of a workflow or composite action step a test runs.
type step struct {
	Name string
	Run  string
	Env  map[string]string
}

// steps returns the steps of a rendered workflow (every job) or composite action.
func steps(t *testing.T, f File) []step {
	t.Helper()
	var doc struct {
		Jobs map[string]struct{ Steps []step }
		Runs struct{ Steps []step }
	}
	if err := yaml.Unmarshal(f.Data, &doc); err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	out := doc.Runs.Steps
	for _, j := range doc.Jobs {
		out = append(out, j.Steps...)
	}
	return out
}

func rendered(t *testing.T, target Target) map[string]File {
	t.Helper()
	files, err := Workflows(target)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]File{}
	for _, f := range files {
		m[f.Path] = f
	}
	return m
}

// TestScripts lints the shell of every step. actionlint runs shellcheck on
// workflows but not on composite actions, so this covers both.
func TestScripts(t *testing.T) {
	t.Parallel()
	shellcheck, _ := exec.LookPath("shellcheck")
	if shellcheck == "" {
		t.Log("shellcheck not installed: checking syntax only")
	}
	for _, target := range []Target{{Source: true}, {Version: "v1.2.3"}, {}} {
		for _, f := range rendered(t, target) {
			for _, s := range steps(t, f) {
				if s.Run == "" {
					continue
				}
				if strings.Contains(s.Run, "${{") {
					t.Errorf("%s %q: expressions in run: are a script injection risk; pass them through env:", f.Path, s.Name)
				}
				script := filepath.Join(t.TempDir(), "step.sh")
				// GitHub runs steps with bash -e -o pipefail.
				if err := os.WriteFile(script, []byte("#!/bin/bash\nset -eo pipefail\n"+s.Run), 0o644); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
					t.Errorf("%s %q: %v\n%s", f.Path, s.Name, err, out)
				}
				if shellcheck != "" {
					if out, err := exec.Command(shellcheck, "--shell=bash", script).CombinedOutput(); err != nil {
						t.Errorf("%s %q: shellcheck: %v\n%s", f.Path, s.Name, err, out)
					}
				}
			}
		}
	}
}
