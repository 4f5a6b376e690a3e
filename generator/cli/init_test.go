package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pastEnv is newEnv with a clock before the real one: the build drops
// pages dated after the real clock (Hugo's buildFuture), whatever the
// injected clock says.
func pastEnv(t *testing.T, dir string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	env, stdout, stderr := newEnv(t, dir)
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	env.Now = func() time.Time { return now }
	return env, stdout, stderr
}

// TestInit scaffolds a repository and runs it through check and build, as
// a new user would right after `buoy init`.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	env, stdout, stderr := pastEnv(t, dir)
	if err := env.Run(context.Background(), []string{"init", "status"}); err != nil {
		t.Fatalf("init: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout.String(), "  .github/workflows/probe.yml\n") {
		t.Errorf("init does not list what it wrote:\n%s", stdout)
	}
	env, stdout, stderr = pastEnv(t, dir)
	if err := env.Run(context.Background(), []string{"check", "-C", "status"}); err != nil {
		t.Fatalf("check after init: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout.String(), "ok: 4 components, 1 incident, 0 maintenance windows\n") {
		t.Errorf("check: %s", stdout)
	}
	env, _, stderr = pastEnv(t, dir)
	if err := env.Run(context.Background(), []string{"build", "-C", "status"}); err != nil {
		t.Fatalf("build after init: %v\n%s", err, stderr)
	}
	index, err := os.ReadFile(filepath.Join(dir, "status", "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Example status", "Website", "Support desk"} {
		if !strings.Contains(string(index), s) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "status", "public", "incidents", "2026-03-15-example", "index.html"))
	if err != nil {
		t.Fatalf("the example incident has no page: %v", err)
	}
	if !strings.Contains(string(page), "slow pages after a configuration change") {
		t.Errorf("the example incident's page lacks its title")
	}
}

func TestInitCurrentFolder(t *testing.T) {
	dir := t.TempDir()
	env, _, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"init"}); err != nil {
		t.Fatalf("init: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "status.yaml")); err != nil {
		t.Error(err)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status/status.yaml": "mine", "status/.github/workflows/deploy.yml": "mine"})
	env, stdout, stderr := newEnv(t, dir)
	err := env.Run(context.Background(), []string{"init", "status"})
	if ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", ExitCode(err), err)
	}
	want := "status/.github/workflows/deploy.yml: already exists\nstatus/status.yaml: already exists\n"
	if !strings.HasPrefix(stderr.String(), want) || stdout.Len() != 0 {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s\nstdout: %s", stderr, want, stdout)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "status"))
	if len(entries) != 2 {
		t.Errorf("init wrote files despite the conflicts: %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "status", "status.yaml")); string(data) != "mine" {
		t.Errorf("status.yaml overwritten: %q", data)
	}
}

func TestInitUsage(t *testing.T) {
	env, _, _ := newEnv(t, t.TempDir())
	if err := env.Run(context.Background(), []string{"init", "a", "b"}); ExitCode(err) != 2 {
		t.Errorf("exit %d (%v), want 2", ExitCode(err), err)
	}
}
