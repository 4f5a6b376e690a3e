package status

import (
	"testing"
	"time"
)

func at(h int) time.Time { return time.Date(2026, 1, 10, h, 0, 0, 0, time.UTC) }

func TestMaintenancePhase(t *testing.T) {
	m := Incident{Kind: KindMaintenance, Components: []string{"a"}, Window: Window{Start: at(8), End: at(10)},
		Updates: []Update{{At: at(1), Status: Scheduled}}}
	for h, want := range map[int]Phase{7: PhaseUpcoming, 8: PhaseInProgress, 9: PhaseInProgress, 10: PhaseCompleted} {
		if got := m.Phase(at(h)); got != want {
			t.Errorf("at %d:00 phase = %s, want %s", h, got, want)
		}
	}
	// Completed early: the window closes with the completing update.
	early := m
	early.Updates = append(early.Updates, Update{At: at(9), Status: Completed})
	if got := early.Phase(at(9).Add(time.Minute)); got != PhaseCompleted {
		t.Errorf("completed early: phase = %s", got)
	}
	if !early.End().Equal(at(9)) {
		t.Errorf("End = %v, want the completing update", early.End())
	}
	// Overrunning: still in progress past the window's end until completed.
	over := m
	over.Updates = append(over.Updates, Update{At: at(8), Status: InProgress})
	if got := over.Phase(at(11)); got != PhaseInProgress {
		t.Errorf("overrunning: phase = %s, want in_progress", got)
	}
}

func TestComponentStateAndIndicator(t *testing.T) {
	cfg := &Config{Components: []Component{{ID: "web"}, {ID: "api"}, {ID: "mail"}}}
	incidents := []Incident{
		{ID: "old", Kind: KindIncident, Components: []string{"web"}, Impact: ImpactCritical, Started: at(1), Resolved: at(2)},
		{ID: "now", Kind: KindIncident, Components: []string{"web", "api"}, Impact: ImpactMajor, Started: at(5),
			Affects: map[string]ComponentStatus{"api": DegradedPerformance}},
		{ID: "mnt", Kind: KindMaintenance, Components: []string{"mail", "web"}, Window: Window{Start: at(5), End: at(7)}},
	}
	s := NewSnapshot(cfg, incidents, at(6))
	want := map[string]ComponentStatus{"web": PartialOutage, "api": DegradedPerformance, "mail": UnderMaintenance}
	for id, st := range want {
		if s.States[id] != st {
			t.Errorf("%s = %s, want %s", id, s.States[id], st)
		}
	}
	if s.Indicator != IndicatorMajor {
		t.Errorf("indicator = %s, want major", s.Indicator)
	}
	if len(s.Active()) != 1 || s.Active()[0].ID != "now" {
		t.Errorf("active = %v", s.Active())
	}
	if len(s.Maintenance(PhaseInProgress)) != 1 {
		t.Errorf("in-progress maintenance = %v", s.Maintenance(PhaseInProgress))
	}
	later := NewSnapshot(cfg, incidents[:1], at(3))
	if later.Indicator != IndicatorNone || later.States["web"] != Operational {
		t.Errorf("after resolution: %s %s", later.Indicator, later.States["web"])
	}
	onlyMaintenance := NewSnapshot(cfg, incidents[2:], at(6))
	if onlyMaintenance.Indicator != IndicatorMaintenance {
		t.Errorf("maintenance only: indicator = %s", onlyMaintenance.Indicator)
	}
}

func TestDurations(t *testing.T) {
	in := Incident{Kind: KindIncident, Started: at(1), Detected: at(2), Resolved: at(5)}
	if d, ok := in.TimeToDetect(); !ok || d != time.Hour {
		t.Errorf("TimeToDetect = %v %v", d, ok)
	}
	if d, ok := in.TimeToResolve(); !ok || d != 3*time.Hour {
		t.Errorf("TimeToResolve = %v %v", d, ok)
	}
	if d := in.Duration(at(9)); d != 4*time.Hour {
		t.Errorf("Duration = %v", d)
	}
	ongoing := Incident{Kind: KindIncident, Started: at(1)}
	if d := ongoing.Duration(at(3)); d != 2*time.Hour {
		t.Errorf("ongoing Duration = %v", d)
	}
	if _, ok := ongoing.TimeToResolve(); ok {
		t.Error("an ongoing incident has no time to resolve")
	}
}

func TestGroupsKeepFileOrder(t *testing.T) {
	cfg := &Config{Components: []Component{{ID: "a", Group: "Web"}, {ID: "b", Group: "Infra"}, {ID: "c", Group: "Web"}, {ID: "d"}}}
	g := cfg.Groups()
	if len(g) != 3 || g[0].Name != "Web" || len(g[0].Components) != 2 || g[1].Name != "Infra" || g[2].Name != "" {
		t.Errorf("groups = %+v", g)
	}
}
