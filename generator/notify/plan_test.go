package notify

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/monitoring"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

const planYAML = `title: Example status
base_url: https://status.example.org/
language: fr
notify:
  - { type: slack, url: "${SLACK_URL}" }
  - { id: pager, type: webhook, url: "https://pager.example/", on: [down, recovered], components: [web] }
components:
  - id: web
    name: Website
    down_after: 2
    probes:
      - { id: https, type: http, url: "https://example.org/" }
  - id: chat
    name: Chat
`

func parseConfig(t *testing.T, yaml string) *status.Config {
	t.Helper()
	cfg, problems := config.Parse("status.yaml", []byte(yaml))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return cfg
}

// round records one probe round of web/https with outcome o at now and
// returns the alerts due, recording them as delivered.
func round(t *testing.T, cfg *status.Config, incidents []status.Incident, dir string, now time.Time, o status.Outcome) []Message {
	t.Helper()
	store := history.Open(dir, history.Options{NoSync: true})
	res := status.Result{Time: now, Component: "web", Probe: "https", Outcome: o, Latency: 80 * time.Millisecond, Reason: map[status.Outcome]string{
		status.OutcomeUp: "HTTP 200", status.OutcomeDegraded: "HTTP 200 in 3s, slower than 2s", status.OutcomeDown: "HTTP 502",
	}[o]}
	if err := store.Append([]status.Result{res}); err != nil {
		t.Fatal(err)
	}
	snap := status.NewSnapshot(cfg, incidents, now)
	h, err := monitoring.Load(store, cfg, incidents, now, monitoring.Options{})
	if err != nil {
		t.Fatal(err)
	}
	snap.AttachMonitoring(h)
	msgs, err := Plan(snap, dir, words.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if err := Record(dir, msgs); err != nil {
		t.Fatal(err)
	}
	return msgs
}

// TestOneMessagePerTransition plays rounds through an outage, a slow spell
// and recoveries: each target hears of each change once, at the round
// down_after confirms it, and only of what it subscribed to.
func TestOneMessagePerTransition(t *testing.T) {
	cfg := parseConfig(t, planYAML)
	dir := t.TempDir()
	start := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	U, D, G := status.OutcomeUp, status.OutcomeDown, status.OutcomeDegraded
	outcomes := []status.Outcome{U, U, D, D, D, D, U, U, G, G, G, U, D, U, U}
	var got []string
	for i, o := range outcomes {
		now := start.Add(time.Duration(i) * 5 * time.Minute)
		for _, m := range round(t, cfg, nil, dir, now, o) {
			got = append(got, fmt.Sprintf("%d %s %s %s", i, m.Target.ID, m.Component.ID, m.Alert))
			if m.Alert == status.AlertRecovered && i == 6 {
				if want := "✅ Website est rétabli après 20 min"; m.Headline() != want {
					t.Errorf("recovery headline = %q, want %q", m.Headline(), want)
				}
			}
			if m.Alert == status.AlertDown && i == 3 {
				if want := "🔴 Website est en panne : https: HTTP 502"; m.Headline() != want {
					t.Errorf("down headline = %q, want %q", m.Headline(), want)
				}
				if !m.Since.Equal(start.Add(10 * time.Minute)) {
					t.Errorf("outage since %v, want the first failed round", m.Since)
				}
			}
		}
	}
	// Round 12 fails once: below down_after, nobody is paged.
	want := []string{
		"3 slack web down", "3 pager web down",
		"6 slack web recovered", "6 pager web recovered",
		"9 slack web degraded",
		"11 slack web recovered",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("alerts:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// An outage inside a maintenance window of the component is planned: no
// alert while it lasts, and one after if the component is still down.
func TestNoAlertDuringMaintenance(t *testing.T) {
	cfg := parseConfig(t, planYAML)
	dir := t.TempDir()
	start := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	mnt := status.Incident{
		ID: "2026-11-30-upgrade", Kind: status.KindMaintenance, Title: "Upgrade", Components: []string{"web"},
		Impact: status.ImpactMinor, Window: status.Window{Start: start, End: start.Add(30 * time.Minute)},
	}
	var got []string
	for i := range 10 {
		now := start.Add(time.Duration(i) * 5 * time.Minute)
		for _, m := range round(t, cfg, []status.Incident{mnt}, dir, now, status.OutcomeDown) {
			got = append(got, fmt.Sprintf("%d %s %s", i, m.Target.ID, m.Alert))
		}
	}
	if want := "6 slack down\n6 pager down"; strings.Join(got, "\n") != want {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// A first run that finds everything well says nothing; one that finds a
// component down says so once.
func TestFirstRun(t *testing.T) {
	cfg := parseConfig(t, planYAML)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	if msgs := round(t, cfg, nil, t.TempDir(), now, status.OutcomeUp); len(msgs) != 0 {
		t.Errorf("all up, first run: %d alerts", len(msgs))
	}
	dir := t.TempDir()
	round(t, cfg, nil, dir, now, status.OutcomeDown)
	if msgs := round(t, cfg, nil, dir, now.Add(5*time.Minute), status.OutcomeDown); len(msgs) != 2 {
		t.Errorf("down, first runs: %d alerts, want one per target", len(msgs))
	}
}
