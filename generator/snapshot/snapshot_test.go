package snapshot

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/status"
)

var now = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

const config = `title: T
base_url: https://s.example/
components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: "https://web.example/" }
`

// repoWithDown writes a repository and, in histDir, two failed rounds of
// its probe: down, after the default down_after.
func repoWithDown(t *testing.T, histDir string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "status.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	var rs []status.Result
	for i := range 2 {
		rs = append(rs, status.Result{Time: now.Add(time.Duration(i-2) * 5 * time.Minute), Component: "web", Probe: "home", Outcome: status.OutcomeDown, Reason: "HTTP 502"})
	}
	if err := history.Open(histDir, history.Options{NoSync: true}).Append(rs); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadJoinsMonitoring(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "history")
	dir := repoWithDown(t, hist)
	// Given with --history, a folder anywhere is read.
	snap, store, err := Load(dir, now, Options{History: hist})
	if err != nil {
		t.Fatal(err)
	}
	if store.Dir() != hist || snap.Monitoring == nil || snap.Monitoring.Stale || snap.States["web"] != status.MajorOutage {
		t.Errorf("store %s, monitoring %+v, web %s; want %s, fresh, major outage", store.Dir(), snap.Monitoring, snap.States["web"], hist)
	}
	// Without, the repository's history/ is, and a missing one is a site
	// whose probes have not reported: stale, incidents alone decide.
	snap, store, err = Load(dir, now, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if store.Dir() != filepath.Join(dir, "history") || !snap.Monitoring.Stale || snap.States["web"] != status.Operational {
		t.Errorf("store %s, stale %v, web %s", store.Dir(), snap.Monitoring.Stale, snap.States["web"])
	}
}

// TestDefaultHistoryStaysInside: the repository's own history/ leading
// out of it is refused for every command that loads it (build, serve,
// probe, deploy-due), before anything is read or written there.
func TestDefaultHistoryStaysInside(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere")
	dir := repoWithDown(t, outside)
	if err := os.Symlink(outside, filepath.Join(dir, "history")); err != nil {
		t.Fatal(err)
	}
	_, _, err := Load(dir, now, Options{})
	if err == nil || !strings.Contains(err.Error(), "history: a link leads outside the status repository") {
		t.Errorf("history linked outside: %v", err)
	}
	if _, err := Store(dir, Options{}); err == nil {
		t.Error("Store opened a history linked outside")
	}
}

// TestWarningsNameFilesInRepo: a torn line is reported by its path in
// the repository, as buoy names files everywhere.
func TestWarningsNameFilesInRepo(t *testing.T) {
	dir := repoWithDown(t, filepath.Join(t.TempDir(), "unused"))
	file := filepath.Join(dir, "history", "web", "2026-11.jsonl")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("not a line of history\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	if _, _, err := Load(dir, now, Options{Warn: &warn}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(warn.String(), "history/web/2026-11.jsonl:1: ") {
		t.Errorf("warning %q, want it to start with history/web/2026-11.jsonl:1: ", warn.String())
	}
}
