package cli

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestBuildGCPercentRestored: buoy build sets the collector's target and
// memory limit for its batch (process-wide settings, so the command's and
// not the build package's) and gives the process its own back once the
// build returns, whether it succeeded or not.
func TestBuildGCPercentRestored(t *testing.T) {
	old := debug.SetGCPercent(77)
	defer debug.SetGCPercent(old)
	oldLimit := debug.SetMemoryLimit(777 << 20)
	defer debug.SetMemoryLimit(oldLimit)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status.yaml": "title: T\nbase_url: https://s.example/\ncomponents:\n  - { id: web, name: Web }\n"})
	env, _, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"build"}); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	if err := env.Run(context.Background(), []string{"build", "-C", "missing"}); err == nil {
		t.Fatal("a build of a missing repository succeeded")
	}
	if got := debug.SetGCPercent(77); got != 77 {
		t.Errorf("GC percent after builds = %d, want 77", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 777<<20 {
		t.Errorf("memory limit after builds = %d, want %d", got, 777<<20)
	}
}

// TestProbeGCPercentRestored: buoy probe sets the collector's target for
// its round and gives the process its own back when the round returns.
func TestProbeGCPercentRestored(t *testing.T) {
	old := debug.SetGCPercent(77)
	defer debug.SetGCPercent(old)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status.yaml": "title: T\nbase_url: https://s.example/\ncomponents:\n  - { id: web, name: Web }\n"})
	env, _, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"probe"}); err != nil {
		t.Fatalf("probe: %v\n%s", err, stderr)
	}
	if got := debug.SetGCPercent(77); got != 77 {
		t.Errorf("GC percent after a round = %d, want 77", got)
	}
}

// buoy build keeps its cache in a folder of the repository's own in the
// user's cache folder, in --cache DIR, or nowhere: with --no-cache, with
// no cache folder to be found, and on GitHub's hosted runners unless
// --cache says where.
func TestBuildCacheFolder(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // a file under the test's folder; "" for none
	}{
		{"XDG_CACHE_HOME", map[string]string{"XDG_CACHE_HOME": "$TOP/xdg"}, nil, "xdg/buoy/builds/*/markdown"},
		{"HOME", map[string]string{"HOME": "$TOP/home"}, nil, "home/.cache/buoy/builds/*/incidents"},
		{"--cache", map[string]string{"HOME": "$TOP/home"}, []string{"--cache", "mine"}, "mine/markdown"},
		{"--no-cache", map[string]string{"HOME": "$TOP/home"}, []string{"--no-cache"}, ""},
		{"a relative XDG_CACHE_HOME is not one", map[string]string{"XDG_CACHE_HOME": "relative"}, nil, ""},
		{"GitHub's hosted runner", map[string]string{"HOME": "$TOP/home", "RUNNER_ENVIRONMENT": "github-hosted"}, nil, ""},
		{"GitHub's hosted runner, --cache", map[string]string{"HOME": "$TOP/home", "RUNNER_ENVIRONMENT": "github-hosted"}, []string{"--cache", "mine"}, "mine/markdown"},
		{"a self-hosted runner", map[string]string{"HOME": "$TOP/home", "RUNNER_ENVIRONMENT": "self-hosted"}, nil, "home/.cache/buoy/builds/*/markdown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := t.TempDir()
			repo := filepath.Join(top, "repo")
			writeFiles(t, repo, map[string]string{
				"status.yaml":                 okConfig,
				"incidents/2026-11-01-a.yaml": "title: A\ncomponents: [web]\nstarted: 2026-11-01T10:00:00Z\nupdates:\n  - { at: 2026-11-01T10:00:00Z, status: investigating, text: Looking. }\n",
			})
			env, _, stderr := newEnv(t, top)
			env.Getenv = func(k string) string { return strings.ReplaceAll(tc.env[k], "$TOP", top) }
			if err := env.Run(context.Background(), append([]string{"build", "-C", "repo"}, tc.args...)); err != nil || stderr.Len() > 0 {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			var found []string
			filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
				if rel, _ := filepath.Rel(top, p); err == nil && !d.IsDir() && !strings.HasPrefix(rel, "repo") {
					found = append(found, filepath.ToSlash(rel))
				}
				return err
			})
			if tc.want == "" {
				if len(found) > 0 {
					t.Errorf("wrote %v, want no cache", found)
				}
				return
			}
			matched := false
			for _, f := range found {
				if ok, _ := path.Match(tc.want, f); ok {
					matched = true
				}
			}
			if !matched {
				t.Errorf("wrote %v, want %s", found, tc.want)
			}
		})
	}
}

// A build with the default cache folder removes the caches of
// repositories no build used for 30 days; one given --cache DIR leaves
// DIR's neighbours alone.
func TestBuildTrimsOldCaches(t *testing.T) {
	top := t.TempDir()
	writeFiles(t, filepath.Join(top, "repo"), map[string]string{"status.yaml": okConfig})
	long := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC) // newEnv's clock is 2026-11-22
	stale := []string{"xdg/buoy/builds/gone", "mine-neighbour"}
	for _, d := range stale {
		writeFiles(t, filepath.Join(top, d), map[string]string{"markdown": "x"})
		os.Chtimes(filepath.Join(top, d, "markdown"), long, long)
		os.Chtimes(filepath.Join(top, d), long, long)
	}
	env, _, stderr := newEnv(t, top)
	env.Getenv = func(k string) string { return map[string]string{"XDG_CACHE_HOME": filepath.Join(top, "xdg")}[k] }
	for _, args := range [][]string{{"build", "-C", "repo"}, {"build", "-C", "repo", "--cache", "mine", "-o", "other"}} {
		if err := env.Run(context.Background(), args); err != nil || stderr.Len() > 0 {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(top, "xdg/buoy/builds/gone")); !os.IsNotExist(err) {
		t.Errorf("the stale cache folder is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(top, "mine-neighbour", "markdown")); err != nil {
		t.Errorf("a folder beside --cache DIR was touched: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(top, "xdg/buoy/builds")); len(entries) != 1 {
		t.Errorf("builds/ holds %v, want the repository's own folder", entries)
	}
}
