package cli

import (
	"context"
	"runtime/debug"
	"testing"
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
