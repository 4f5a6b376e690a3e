package history

import "github.com/buoystatus/buoy/generator/status"

// span is a time range [from, to) in Unix nanoseconds.
type span struct{ from, to int64 }

// Windows is a component's maintenance windows, in which probe failures
// are not downtime. Compaction counts the samples they hold as
// maintenance, and so does deriving the uptime bars from what is left raw
// or was compacted before a window was declared: both must agree.
type Windows []span

// MaintenanceWindows returns the windows of the maintenance in incidents
// that names component.
func MaintenanceWindows(component string, incidents []status.Incident) Windows {
	var w Windows
	for i := range incidents {
		in := &incidents[i]
		if in.IsMaintenance() && in.AffectsComponent(component) {
			w = append(w, span{in.Start().UnixNano(), in.End().UnixNano()})
		}
	}
	return w
}

// Holds reports whether t, in Unix nanoseconds, is inside a window.
func (w Windows) Holds(t int64) bool {
	for _, s := range w {
		if t >= s.from && t < s.to {
			return true
		}
	}
	return false
}

// Covers reports whether one window covers all of [from, to): a rollup's
// quarter hour counts as maintenance only then, as its samples' times
// are not kept.
func (w Windows) Covers(from, to int64) bool {
	for _, s := range w {
		if s.from <= from && to <= s.to {
			return true
		}
	}
	return false
}

// Touch reports whether a window overlaps [from, to).
func (w Windows) Touch(from, to int64) bool {
	for _, s := range w {
		if s.from < to && from < s.to {
			return true
		}
	}
	return false
}
