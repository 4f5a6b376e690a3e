package cli

import (
	"context"
	"runtime/debug"
	"testing"
)

// TestBuildGCPercentRestored: buoy build sets the collector's target for
// its batch (a process-wide setting, so the command's and not the build
// package's) and gives the process its own back once the build returns,
// whether it succeeded or not; with GOGC set it leaves it alone.
func TestBuildGCPercentRestored(t *testing.T) {
	old := debug.SetGCPercent(77)
	defer debug.SetGCPercent(old)
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
}
