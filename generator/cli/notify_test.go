package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestProbeAlerts runs `buoy probe` round after round against a service
// that breaks and comes back, with a webhook receiver and a Slack-like
// receiver that always fails: the webhook hears "down" once and
// "recovered" once; the failing target is reported, and fails no round.
func TestProbeAlerts(t *testing.T) {
	var broken atomic.Bool
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer svc.Close()
	var mu sync.Mutex
	var events []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct{ Event, Reason string }
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil || r.Header.Get("X-Token") != "t0ken" {
			t.Errorf("webhook got %v, token %q", err, r.Header.Get("X-Token"))
		}
		mu.Lock()
		events = append(events, p.Event+" "+p.Reason)
		mu.Unlock()
	}))
	defer hook.Close()
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "invalid_token", http.StatusForbidden)
	}))
	defer slack.Close()

	dir := statusRepo(t, fmt.Sprintf(`notify:
  - { type: webhook, url: "%s/", headers: { X-Token: "${HOOK_TOKEN}" } }
  - { type: slack, url: "%s/services/${SLACK_PATH}" }
components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: %s/ }
`, hook.URL, slack.URL, svc.URL))

	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	secrets := map[string]string{"HOOK_TOKEN": "t0ken", "SLACK_PATH": "T00/B00/s3cr3t"}
	for round := range 8 {
		broken.Store(round >= 2 && round < 5)
		env, stdout, stderr := newEnv(t, dir)
		env.Now = func() time.Time { return now }
		env.Getenv = func(k string) string { return secrets[k] }
		if err := env.Run(context.Background(), []string{"probe"}); err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, stderr)
		}
		if strings.Contains(stdout.String()+stderr.String(), "s3cr3t") {
			t.Fatalf("round %d printed a secret:\n%s%s", round, stdout, stderr)
		}
		if round == 3 && !strings.Contains(stderr.String(), "alert not sent: web down: notify slack: HTTP 403: invalid_token") {
			t.Errorf("round 3: the failing target is not reported:\n%s", stderr)
		}
		now = now.Add(5 * time.Minute)
	}
	want := "down home: HTTP 502\nrecovered "
	if got := strings.Join(events, "\n"); got != want {
		t.Errorf("webhook heard:\n%s\nwant:\n%s", got, want)
	}

	// An unset secret is a broken setup: the round is recorded, and fails.
	broken.Store(true)
	for range 2 {
		env, _, stderr := newEnv(t, dir)
		env.Now = func() time.Time { return now }
		err := env.Run(context.Background(), []string{"probe"})
		if now = now.Add(5 * time.Minute); err == nil {
			continue
		}
		if !strings.Contains(stderr.String(), "environment variable HOOK_TOKEN is not set") {
			t.Errorf("unset secret: %v\n%s", err, stderr)
		}
		return
	}
	t.Error("a round with an unset notify secret succeeded")
}
