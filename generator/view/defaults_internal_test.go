package view

import (
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// A config built without history_days or down_after (a tool's, a test's)
// gets the defaults status.yaml would: recent incidents are listed over
// status.DefaultHistoryDays, and probes go down after
// status.DefaultDownAfter rounds.
func TestDefaultsWhenUnset(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	cfg := &status.Config{Title: "t", BaseURL: "https://status.example.org/", Language: "en", Timezone: "UTC", Location: time.UTC,
		Components: []status.Component{{ID: "web", Name: "Web"}}}
	incidents := []status.Incident{{
		ID: "2025-03-07-outage", Kind: status.KindIncident, Title: "Outage", Components: []string{"web"}, Impact: status.ImpactMajor,
		Started: now.AddDate(0, 0, -3), Resolved: now.AddDate(0, 0, -3).Add(time.Hour),
		Updates: []status.Update{{At: now.AddDate(0, 0, -3).Add(time.Hour), Status: status.Resolved, Text: "Fixed."}},
	}}
	snap := status.NewSnapshot(cfg, incidents, now)
	h := home(snap, newFormatter(cfg, nil), pager{loc: time.UTC})
	if h.RecentDays != status.DefaultHistoryDays || len(h.Recent) != 1 {
		t.Errorf("recent incidents over %d days: %v; want over %d days: [%s]", h.RecentDays, h.Recent, status.DefaultHistoryDays, incidents[0].ID)
	}
	snap.AttachMonitoring(&status.SiteMonitoring{Components: map[string]*status.ComponentMonitoring{"web": {ID: "web", Probed: true, State: status.Operational}}})
	if m := componentMonitoringOf(snap, cfg.Components[0], newFormatter(cfg, nil), 0); m == nil || m.DownAfter != status.DefaultDownAfter {
		t.Errorf("monitoring %+v; want down_after %d", m, status.DefaultDownAfter)
	}
}
