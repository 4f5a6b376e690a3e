package status

import "time"

// ProbeSince is when component id's current state began, when probes
// alone set it: the first failed round of the run that made its probes
// confirm a problem (the earliest such round among the failing probes).
// It is zero when the component is operational, when an incident made its
// state worse than its probes did (the incident says when it started),
// under maintenance, and without fresh probe data.
func (s *Snapshot) ProbeSince(id string) time.Time {
	if s.Monitoring == nil {
		return time.Time{}
	}
	cm := s.Monitoring.Components[id]
	if cm == nil || cm.Stale || cm.State == Operational || s.States[id] != cm.State {
		return time.Time{}
	}
	if maintenanceActive(id, s.Incidents, s.Now) {
		return time.Time{}
	}
	var since time.Time
	for _, p := range cm.Probes {
		if p.NoData || p.Outcome == OutcomeUp || p.StreakStart.IsZero() {
			continue
		}
		if since.IsZero() || p.StreakStart.Before(since) {
			since = p.StreakStart
		}
	}
	return since
}
