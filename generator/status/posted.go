package status

import "time"

// Posted returns when the incident was first made public and when it last
// changed, as feeds, the Statuspage API and calendars report them.
//
// An incident is public from its start and changes with each update and
// with its detection and resolution. A maintenance is public from its first
// announcement, which usually comes well before its window, and changes
// with each update; with no update, its window start stands for both, so
// that neither is ever later than the window.
func (in *Incident) Posted() (first, last time.Time) {
	if in.IsMaintenance() {
		if len(in.Updates) == 0 {
			return in.Window.Start, in.Window.Start
		}
		first, last = in.Updates[0].At, in.Updates[0].At
	} else {
		first, last = in.Started, in.Started
		for _, t := range []time.Time{in.Detected, in.Resolved} {
			if t.After(last) {
				last = t
			}
		}
	}
	for _, u := range in.Updates {
		if u.At.Before(first) {
			first = u.At
		}
		if u.At.After(last) {
			last = u.At
		}
	}
	return first, last
}
