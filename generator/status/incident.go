package status

import (
	"sort"
	"time"
)

// Kind separates unplanned incidents from scheduled maintenance.
type Kind string

const (
	KindIncident    Kind = "incident"
	KindMaintenance Kind = "maintenance"
)

// Impact is an incident's overall severity, as in Statuspage.
type Impact string

const (
	ImpactNone     Impact = "none"
	ImpactMinor    Impact = "minor"
	ImpactMajor    Impact = "major"
	ImpactCritical Impact = "critical"
)

// Impacts lists valid impacts, least severe first.
var Impacts = []Impact{ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical}

// Rank orders impacts by severity.
func (i Impact) Rank() int {
	for n, v := range Impacts {
		if v == i {
			return n
		}
	}
	return 0
}

// UpdateStatus is the stage an update announces.
type UpdateStatus string

const (
	Investigating UpdateStatus = "investigating"
	Identified    UpdateStatus = "identified"
	Monitoring    UpdateStatus = "monitoring"
	Resolved      UpdateStatus = "resolved"

	Scheduled  UpdateStatus = "scheduled"
	InProgress UpdateStatus = "in_progress"
	Completed  UpdateStatus = "completed"
)

// IncidentStatuses and MaintenanceStatuses list the statuses valid for each kind.
var (
	IncidentStatuses    = []UpdateStatus{Investigating, Identified, Monitoring, Resolved}
	MaintenanceStatuses = []UpdateStatus{Scheduled, InProgress, Completed}
)

// AllComponents in an incident's component list means every component.
const AllComponents = "*"

// Incident is one file of incidents/: an unplanned incident or a
// scheduled maintenance.
type Incident struct {
	// ID is the file name without its extension: "2020-04-13-website-502".
	ID string
	// Path is the file's path relative to the status repository.
	Path  string
	Kind  Kind
	Title string
	// Lang is the language the text is written in; empty means the site's.
	Lang string
	// Components lists affected component ids, already expanded from "*".
	Components []string
	Impact     Impact
	// Affects overrides the effect on single components.
	Affects map[string]ComponentStatus

	Started  time.Time
	Detected time.Time // zero when unknown
	Resolved time.Time // zero while ongoing

	// Window is set for maintenance.
	Window Window

	// Updates are in file order; use Timeline for display order.
	Updates []Update
	// Postmortem is Markdown.
	Postmortem string
	// Issue is the number of the repository issue the file was written
	// from by `buoy issue`; 0 when none. Later comments find the file by it.
	Issue int
}

// Window is a maintenance's planned time span.
type Window struct {
	Start, End time.Time
}

// Contains reports whether t falls within [Start, End).
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.Start) && t.Before(w.End)
}

// Update is one entry of an incident's timeline.
type Update struct {
	At     time.Time
	Status UpdateStatus
	// Text is Markdown.
	Text string
}

// IsMaintenance reports whether the incident is scheduled maintenance.
func (in *Incident) IsMaintenance() bool { return in.Kind == KindMaintenance }

// Timeline returns the updates newest first.
func (in *Incident) Timeline() []Update {
	out := append([]Update(nil), in.Updates...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

// LastStatus is the status of the newest update, or "" with no update.
func (in *Incident) LastStatus() UpdateStatus {
	var last Update
	for _, u := range in.Updates {
		if last.At.IsZero() || !u.At.Before(last.At) {
			last = u
		}
	}
	return last.Status
}

// Affects reports whether the incident names the component.
func (in *Incident) AffectsComponent(id string) bool {
	for _, c := range in.Components {
		if c == id {
			return true
		}
	}
	return false
}

// Start is when the incident began or the maintenance window opens.
func (in *Incident) Start() time.Time {
	if in.IsMaintenance() {
		return in.Window.Start
	}
	return in.Started
}

// End is when the incident was resolved or the maintenance ended; zero
// while an incident is ongoing.
func (in *Incident) End() time.Time {
	if in.IsMaintenance() {
		if in.LastStatus() == Completed {
			// A window closed early ends with its completing update.
			for _, u := range in.Timeline() {
				if u.Status == Completed && u.At.Before(in.Window.End) && u.At.After(in.Window.Start) {
					return u.At
				}
			}
		}
		return in.Window.End
	}
	return in.Resolved
}

// Active reports whether the incident affects users at now: an ongoing
// incident, or a maintenance inside its window and not completed.
func (in *Incident) Active(now time.Time) bool {
	if in.IsMaintenance() {
		return in.Phase(now) == PhaseInProgress
	}
	return !in.Started.After(now) && (in.Resolved.IsZero() || in.Resolved.After(now))
}

// Phase is where a maintenance stands relative to now.
type Phase string

const (
	PhaseUpcoming   Phase = "upcoming"
	PhaseInProgress Phase = "in_progress"
	PhaseCompleted  Phase = "completed"
)

// Phase reports where a maintenance stands at now. An incident is in
// progress until resolved.
func (in *Incident) Phase(now time.Time) Phase {
	if !in.IsMaintenance() {
		if in.Active(now) {
			return PhaseInProgress
		}
		if in.Started.After(now) {
			return PhaseUpcoming
		}
		return PhaseCompleted
	}
	switch {
	case in.LastStatus() == Completed && !in.End().After(now):
		return PhaseCompleted
	case now.Before(in.Window.Start) && in.LastStatus() != InProgress:
		return PhaseUpcoming
	case !now.Before(in.Window.End) && in.LastStatus() != InProgress:
		return PhaseCompleted
	default:
		return PhaseInProgress
	}
}

// Effect is the state the incident gives a component while it is active.
func (in *Incident) Effect(componentID string) ComponentStatus {
	if !in.AffectsComponent(componentID) {
		return Operational
	}
	if s, ok := in.Affects[componentID]; ok {
		return s
	}
	if in.IsMaintenance() {
		return UnderMaintenance
	}
	return in.Impact.DefaultEffect()
}

// DefaultEffect maps an impact to the component state it implies when the
// incident file gives no `affects:`.
func (i Impact) DefaultEffect() ComponentStatus {
	switch i {
	case ImpactMinor:
		return DegradedPerformance
	case ImpactMajor:
		return PartialOutage
	case ImpactCritical:
		return MajorOutage
	}
	return Operational
}

// Duration is how long users were affected; for an ongoing incident, until now.
func (in *Incident) Duration(now time.Time) time.Duration {
	end := in.End()
	if end.IsZero() || end.After(now) {
		end = now
	}
	if d := end.Sub(in.Start()); d > 0 {
		return d
	}
	return 0
}

// TimeToDetect is the delay between the start and the first alert or report;
// ok is false when the file does not say when it was detected.
func (in *Incident) TimeToDetect() (d time.Duration, ok bool) {
	if in.Detected.IsZero() || in.IsMaintenance() {
		return 0, false
	}
	return in.Detected.Sub(in.Started), true
}

// TimeToResolve is the delay between detection (or the start, when detection
// is unknown) and resolution; ok is false while ongoing.
func (in *Incident) TimeToResolve() (d time.Duration, ok bool) {
	if in.Resolved.IsZero() || in.IsMaintenance() {
		return 0, false
	}
	from := in.Started
	if !in.Detected.IsZero() {
		from = in.Detected
	}
	return in.Resolved.Sub(from), true
}
