package history

import "github.com/buoystatus/buoy/generator/status"

// span is a time range [from, to) in Unix nanoseconds.
type span struct{ from, to int64 }

// windows is a component's maintenance windows, in which probe failures
// are not downtime.
type windows []span

func maintenanceOf(component string, incidents []status.Incident) windows {
	var w windows
	for i := range incidents {
		in := &incidents[i]
		if in.IsMaintenance() && in.AffectsComponent(component) {
			w = append(w, span{in.Start().UnixNano(), in.End().UnixNano()})
		}
	}
	return w
}

// holds reports whether t is inside a window.
func (w windows) holds(t int64) bool {
	for _, s := range w {
		if t >= s.from && t < s.to {
			return true
		}
	}
	return false
}

// covers reports whether one window covers all of [from, to): a rollup's
// quarter hour counts as maintenance only then, as its samples' times
// are not kept.
func (w windows) covers(from, to int64) bool {
	for _, s := range w {
		if s.from <= from && to <= s.to {
			return true
		}
	}
	return false
}

// touch reports whether a window overlaps [from, to).
func (w windows) touch(from, to int64) bool {
	for _, s := range w {
		if s.from < to && from < s.to {
			return true
		}
	}
	return false
}
