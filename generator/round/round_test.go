package round

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/probe"
	"github.com/buoystatus/buoy/generator/status"
)

var start = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// site writes a repository whose web component is probed at srv, once
// with a secret, once without; notify is status.yaml's notify block.
func site(t *testing.T, srv *httptest.Server, notify string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`title: T
base_url: https://s.example/
%s
components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: %s/ }
      - { id: api, type: http, url: %s/api, headers: { Authorization: "Bearer ${TOKEN}" } }
`, notify, srv.URL, srv.URL)
	if err := os.WriteFile(filepath.Join(dir, "status.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRunReports: a round records what ran at the round's clock, not the
// machine's, says what could not run, and fails the job for a broken
// setup only after recording the rest.
func TestRunReports(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	dir := site(t, srv, "")
	rep, err := Run(context.Background(), Options{Dir: dir, Now: func() time.Time { return start }, Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || rep.Results[0].Outcome != status.OutcomeUp || !rep.Results[0].Time.Equal(start) {
		t.Fatalf("results %+v", rep.Results)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Error(), "TOKEN") || rep.Misconfigured != 1 || !rep.Failed() {
		t.Errorf("problems %v, misconfigured %d, failed %v", rep.Problems, rep.Misconfigured, rep.Failed())
	}
	if rep.HistoryDir != filepath.Join(dir, "history") {
		t.Errorf("history in %s", rep.HistoryDir)
	}
	set, err := history.Open(rep.HistoryDir, history.Options{}).Load([]string{"web"}, start.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := set.Counts(); n != 1 {
		t.Errorf("%d samples in history, want 1", n)
	}
	if _, err := os.Stat(filepath.Join(rep.HistoryDir, ".gitattributes")); err != nil {
		t.Error(err)
	}
}

// TestRunAlertsFromState: the alert of a component going down goes out
// once down_after rounds confirm it, from the history this round
// included, and is recorded so that the next round does not repeat it.
func TestRunAlertsFromState(t *testing.T) {
	var heard atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { heard.Add(1) }))
	defer hook.Close()
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer svc.Close()
	dir := site(t, svc, fmt.Sprintf("notify:\n  - { type: webhook, url: %q }", hook.URL+"/"))
	getenv := func(k string) string { return map[string]string{"TOKEN": "t"}[k] }
	var delivered []int
	for i := range 3 {
		now := start.Add(time.Duration(i) * 5 * time.Minute)
		rep, err := Run(context.Background(), Options{
			Dir: dir, Now: func() time.Time { return now }, Alerts: true, Probe: probe.Options{Getenv: getenv},
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.StateErr != nil || rep.PlanErr != nil || rep.RecordErr != nil {
			t.Fatalf("round %d: %v %v %v", i, rep.StateErr, rep.PlanErr, rep.RecordErr)
		}
		if rep.Failed() {
			t.Fatalf("round %d failed: %v", i, rep.Problems)
		}
		delivered = append(delivered, len(rep.Deliveries))
	}
	if fmt.Sprint(delivered) != "[0 1 0]" || heard.Load() != 1 {
		t.Errorf("deliveries per round %v, webhook heard %d; want [0 1 0], 1", delivered, heard.Load())
	}
}

// TestRunRefusesBeforeProbing: invalid input and a history folder that
// leads out of the repository stop the round before any probe runs.
func TestRunRefusesBeforeProbing(t *testing.T) {
	var hit atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit.Add(1) }))
	defer srv.Close()
	dir := site(t, srv, "")
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "history")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{Dir: dir, Now: func() time.Time { return start }}); err == nil || !strings.Contains(err.Error(), "leads outside the status repository") {
		t.Errorf("history linked outside: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote %d entries outside the repository", len(entries))
	}
	if err := os.WriteFile(filepath.Join(dir, "status.yaml"), []byte("title: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var problems diag.List
	if _, err := Run(context.Background(), Options{Dir: dir, Now: func() time.Time { return start }}); !errors.As(err, &problems) {
		t.Errorf("invalid status.yaml: %v, want a diag.List", err)
	}
	if hit.Load() != 0 {
		t.Errorf("%d probes ran", hit.Load())
	}
}
