// Package announce tells subscribers what people write on the status
// page: each new incident update and each stage of a maintenance, once, to
// the notify targets that take them (`on: [incident, maintenance]`). What
// was announced to whom is kept in an append-only announce log beside the
// history, which two deploys may write at once: see docs/announce.md.
package announce

import (
	"sort"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Kind is what an announcement says happened.
type Kind string

const (
	// KindOpened is an incident's first update.
	KindOpened Kind = "opened"
	// KindUpdate is any further update that is not one of the kinds below.
	KindUpdate   Kind = "update"
	KindResolved Kind = "resolved"
	// KindPostmortem is a postmortem added to an incident or maintenance.
	KindPostmortem Kind = "postmortem"
	// KindScheduled is a maintenance's first update, when it says
	// scheduled.
	KindScheduled Kind = "scheduled"
	// KindReminder comes a target's remind_before ahead of a maintenance
	// window announced before then.
	KindReminder Kind = "reminder"
	// KindStarted is a maintenance's first in_progress update, or its
	// window opening when none was written.
	KindStarted Kind = "started"
	// KindCompleted is a maintenance's completed update, or its window
	// closing when none was written.
	KindCompleted Kind = "completed"
)

// Event is one thing to announce about one incident or maintenance.
type Event struct {
	// Key names the event in the announce log, the same however the
	// update's text is edited: the incident's id and either the update's
	// time and status ("2026-03-01-db@2026-03-01T10:20:00Z/identified")
	// or, for what happens once per incident, a fixed name
	// ("2026-03-01-db#opened", "#postmortem", "#reminder", "#started",
	// "#completed").
	Key      string
	Kind     Kind
	Incident *status.Incident
	// Status is the incident's stage the event announces; empty for a
	// reminder and a postmortem.
	Status status.UpdateStatus
	// Text is Markdown: the update's, the postmortem, or empty for the
	// events of a maintenance's clock, which words say.
	Text string
	// Time is when it happened, compared with the log's start: nothing
	// older is announced.
	Time time.Time
}

// Thread is the key of the event that starts the incident's thread.
func Thread(in *status.Incident) string { return in.ID + "#opened" }

func updateKey(in *status.Incident, u status.Update) string {
	return in.ID + "@" + u.At.UTC().Format(time.RFC3339) + "/" + string(u.Status)
}

// Events lists what there is to announce of in at now, oldest first,
// reminders aside (Reminder): one event per update, the postmortem, and
// for maintenance the opening and closing of its window when no update
// said so. Nothing later than now is listed.
func Events(in *status.Incident, now time.Time) []Event {
	updates := append([]status.Update(nil), in.Updates...)
	sort.SliceStable(updates, func(i, j int) bool { return updates[i].At.Before(updates[j].At) })
	var out []Event
	add := func(e Event) {
		if !e.Time.After(now) {
			out = append(out, e)
		}
	}
	var started, completed bool
	for i, u := range updates {
		e := Event{Key: updateKey(in, u), Kind: KindUpdate, Incident: in, Status: u.Status, Text: u.Text, Time: u.At}
		switch {
		case in.IsMaintenance() && u.Status == status.InProgress && !started:
			e.Kind, started = KindStarted, true
		case in.IsMaintenance() && u.Status == status.Completed && !completed:
			e.Kind, completed = KindCompleted, true
		case i == 0 && in.IsMaintenance():
			e.Kind = KindScheduled
		case i == 0:
			e.Kind = KindOpened
		case u.Status == status.Resolved:
			e.Kind = KindResolved
		}
		if i == 0 {
			// Once per incident, whatever its first update's time later
			// becomes: it starts the thread.
			e.Key = Thread(in)
		}
		add(e)
	}
	if len(updates) == 0 {
		add(opening(in, now))
	}
	if in.IsMaintenance() {
		phase := in.Phase(now)
		if !started && !completed && phase == status.PhaseInProgress {
			add(Event{Key: in.ID + "#started", Kind: KindStarted, Incident: in, Status: status.InProgress, Time: in.Window.Start})
		}
		if !completed && phase == status.PhaseCompleted {
			add(Event{Key: in.ID + "#completed", Kind: KindCompleted, Incident: in, Status: status.Completed, Time: in.End()})
		}
	}
	if in.Postmortem != "" {
		// When it was written is not in the file: the incident's last
		// change stands for it, so a postmortem added to an incident over
		// before the log started is not announced.
		_, last := in.Posted()
		add(Event{Key: in.ID + "#postmortem", Kind: KindPostmortem, Incident: in, Text: in.Postmortem, Time: earlier(last, now)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}

// opening is the first event of an incident or maintenance written
// without updates. When it was published is not in the file: an incident
// counts from its start, a maintenance from now if its window is ahead:
// one there when a target's log starts is marked skipped (Undated).
func opening(in *status.Incident, now time.Time) Event {
	e := Event{Key: Thread(in), Kind: KindOpened, Incident: in, Status: status.Investigating, Time: in.Started}
	if in.IsMaintenance() {
		e.Kind, e.Status, e.Time = KindScheduled, status.Scheduled, earlier(in.Window.Start, now)
	}
	return e
}

// Reminder is the reminder of maintenance in due at now for a target
// reminded before ahead of its window: between then and the window's
// start, while it is still upcoming, and only when it was announced before
// then (an announcement within that time is its own reminder).
func Reminder(in *status.Incident, now time.Time, before time.Duration) (Event, bool) {
	if !in.IsMaintenance() || before <= 0 || in.Phase(now) != status.PhaseUpcoming {
		return Event{}, false
	}
	at := in.Window.Start.Add(-before)
	if now.Before(at) || !now.Before(in.Window.Start) {
		return Event{}, false
	}
	for _, u := range in.Updates {
		if u.At.After(at) {
			// Rescheduled or announced late: the update said it already.
			return Event{}, false
		}
	}
	return Event{Key: in.ID + "#reminder", Kind: KindReminder, Incident: in, Status: status.Scheduled, Time: at}, true
}

// Undated reports whether e is the announcement of a maintenance written
// without updates: when it was published is not in the file, so it counts
// from now while its window is ahead. One already there when a target's
// log starts is marked skipped, or a later run would find it newer than
// the start.
func Undated(e Event) bool {
	return e.Kind == KindScheduled && e.Incident.IsMaintenance() && len(e.Incident.Updates) == 0
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
