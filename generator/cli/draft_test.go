package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestProbeDraftsIncident runs `buoy probe --draft-incidents` round after
// round against a service that breaks: the second failed round (down_after)
// drafts one incident, which passes check; later rounds draft no other.
func TestProbeDraftsIncident(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	dir := statusRepo(t, fmt.Sprintf(`components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: %s/ }
`, srv.URL))

	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var drafted []string
	for round := range 4 {
		env, stdout, stderr := newEnv(t, dir)
		env.Now = func() time.Time { return now }
		if err := env.Run(context.Background(), []string{"probe", "--draft-incidents"}); err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, stderr)
		}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if p, ok := strings.CutPrefix(line, "drafted "); ok {
				drafted = append(drafted, p)
			}
		}
		if round == 1 && len(drafted) != 1 {
			t.Fatalf("after two failed rounds: drafted %v\n%s", drafted, stdout)
		}
		now = now.Add(5 * time.Minute)
	}
	if len(drafted) != 1 || drafted[0] != "incidents/2026-11-22-web-is-unavailable.yaml" {
		t.Fatalf("drafted %v, want one file", drafted)
	}
	env, stdout, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"check"}); err != nil {
		t.Fatalf("check of the draft: %v\n%s%s", err, stdout, stderr)
	}
}
