package status

import "time"

// ComponentStatus is a component's state, named as in Statuspage's API.
type ComponentStatus string

const (
	Operational         ComponentStatus = "operational"
	UnderMaintenance    ComponentStatus = "under_maintenance"
	DegradedPerformance ComponentStatus = "degraded_performance"
	PartialOutage       ComponentStatus = "partial_outage"
	MajorOutage         ComponentStatus = "major_outage"
)

// ComponentStatuses lists the states an `affects:` entry may name.
var ComponentStatuses = []ComponentStatus{DegradedPerformance, PartialOutage, MajorOutage, UnderMaintenance}

// Rank orders states from best to worst. Maintenance ranks above
// operational but below any outage: an outage during maintenance is news.
func (s ComponentStatus) Rank() int {
	switch s {
	case UnderMaintenance:
		return 1
	case DegradedPerformance:
		return 2
	case PartialOutage:
		return 3
	case MajorOutage:
		return 4
	}
	return 0
}

// Worst returns the more severe of two states.
func Worst(a, b ComponentStatus) ComponentStatus {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// Indicator is the page-wide status, as in Statuspage's status.json.
type Indicator string

const (
	IndicatorNone        Indicator = "none"
	IndicatorMinor       Indicator = "minor"
	IndicatorMajor       Indicator = "major"
	IndicatorCritical    Indicator = "critical"
	IndicatorMaintenance Indicator = "maintenance"
)

// ComponentState returns a component's state at now from the incidents and
// maintenance active then. Probe results join this in a later step.
func ComponentState(id string, incidents []Incident, now time.Time) ComponentStatus {
	state := Operational
	for i := range incidents {
		in := &incidents[i]
		if in.Active(now) {
			state = Worst(state, in.Effect(id))
		}
	}
	return state
}

// OverallIndicator derives the page indicator from component states and the
// active incidents, the way Statuspage does: the worst of the active
// incidents' impact and the component states.
func OverallIndicator(states []ComponentStatus, incidents []Incident, now time.Time) Indicator {
	rank := 0
	maintenance := false
	for _, s := range states {
		switch s {
		case UnderMaintenance:
			maintenance = true
		case DegradedPerformance:
			rank = max(rank, 1)
		case PartialOutage:
			rank = max(rank, 2)
		case MajorOutage:
			rank = max(rank, 3)
		}
	}
	for i := range incidents {
		in := &incidents[i]
		if !in.IsMaintenance() && in.Active(now) {
			rank = max(rank, in.Impact.Rank())
		}
	}
	switch {
	case rank == 3:
		return IndicatorCritical
	case rank == 2:
		return IndicatorMajor
	case rank == 1:
		return IndicatorMinor
	case maintenance:
		return IndicatorMaintenance
	}
	return IndicatorNone
}
