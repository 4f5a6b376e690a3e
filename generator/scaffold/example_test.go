package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/repo"
)

// uncommented writes a new repository, uncomments the example of
// status.yaml that starts with "# key:" as a user would (the hash and one
// space off each of its lines), and loads it as buoy check does.
func uncommented(t *testing.T, key string) *repo.Repo {
	t.Helper()
	dir := t.TempDir()
	now := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	files, err := Repository(Options{Now: now, Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "status.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	in := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "# "+key+":"):
			in = true
		case in && !strings.HasPrefix(l, "#   "):
			in = false
		}
		if in {
			lines[i] = strings.TrimPrefix(l, "# ")
		}
	}
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := repo.Load(dir, now)
	if err != nil {
		t.Fatalf("the uncommented %s: example does not pass buoy check: %v", key, err)
	}
	return r
}
