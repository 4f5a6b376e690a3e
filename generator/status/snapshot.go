package status

import (
	"sort"
	"time"
)

// Snapshot is the state of the whole site at one instant: what every output
// of a build (pages, feeds, API, badges, calendar) renders, so that they
// all agree on each component's state.
type Snapshot struct {
	Config *Config
	// Incidents holds incidents and maintenance, newest start first.
	Incidents []Incident
	Now       time.Time
	// States maps a component id to its state at Now.
	States    map[string]ComponentStatus
	Indicator Indicator
	// Monitoring is what probe history says; nil when the build has none.
	Monitoring *SiteMonitoring

	// byComponent lists Incidents by the component ids they name: every
	// output asks for each component's incidents, and scanning all
	// incidents per component is quadratic on a large site.
	byComponent map[string][]*Incident
}

// NewSnapshot derives the site's state at now.
func NewSnapshot(cfg *Config, incidents []Incident, now time.Time) *Snapshot {
	sorted := append([]Incident(nil), incidents...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Start(), sorted[j].Start()
		if a.Equal(b) {
			return sorted[i].ID > sorted[j].ID
		}
		return a.After(b)
	})
	s := &Snapshot{Config: cfg, Incidents: sorted, Now: now, States: map[string]ComponentStatus{}}
	s.byComponent = map[string][]*Incident{}
	for i := range sorted {
		in := &sorted[i]
		for _, id := range in.Components {
			// A list naming a component twice still lists the incident once.
			if l := s.byComponent[id]; len(l) == 0 || l[len(l)-1] != in {
				s.byComponent[id] = append(l, in)
			}
		}
	}
	states := make([]ComponentStatus, 0, len(cfg.Components))
	for _, c := range cfg.Components {
		st := ComponentState(c.ID, sorted, now)
		s.States[c.ID] = st
		states = append(states, st)
	}
	s.Indicator = OverallIndicator(states, sorted, now)
	return s
}

// Active returns the incidents (not maintenance) affecting users at Now.
func (s *Snapshot) Active() []*Incident {
	return s.filter(func(in *Incident) bool { return !in.IsMaintenance() && in.Active(s.Now) })
}

// Maintenance returns the maintenance in the given phase, soonest first for
// upcoming ones and newest first otherwise.
func (s *Snapshot) Maintenance(p Phase) []*Incident {
	out := s.filter(func(in *Incident) bool { return in.IsMaintenance() && in.Phase(s.Now) == p })
	if p == PhaseUpcoming {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Window.Start.Before(out[j].Window.Start) })
	}
	return out
}

// ForComponent returns the incidents and maintenance naming the component, newest first.
func (s *Snapshot) ForComponent(id string) []*Incident {
	if s.byComponent == nil {
		return s.filter(func(in *Incident) bool { return in.AffectsComponent(id) })
	}
	// A copy, as a filtered list would be: the caller may change it.
	return append([]*Incident(nil), s.byComponent[id]...)
}

// Incident returns the incident with the given id.
func (s *Snapshot) Incident(id string) (*Incident, bool) {
	for i := range s.Incidents {
		if s.Incidents[i].ID == id {
			return &s.Incidents[i], true
		}
	}
	return nil, false
}

func (s *Snapshot) filter(keep func(*Incident) bool) []*Incident {
	var out []*Incident
	for i := range s.Incidents {
		if keep(&s.Incidents[i]) {
			out = append(out, &s.Incidents[i])
		}
	}
	return out
}
