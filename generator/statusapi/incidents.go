package statusapi

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// incidents converts incidents, keeping their order; max > 0 keeps the first max.
func (a *api) incidents(list []*status.Incident, max int) []Incident {
	if max > 0 && len(list) > max {
		list = list[:max]
	}
	out := make([]Incident, 0, len(list))
	for _, in := range list {
		out = append(out, a.incident(in))
	}
	return out
}

func (a *api) maintenances(list []*status.Incident, max int) []ScheduledMaintenance {
	if max > 0 && len(list) > max {
		list = list[:max]
	}
	out := make([]ScheduledMaintenance, 0, len(list))
	for _, in := range list {
		out = append(out, ScheduledMaintenance{
			Incident:       a.incident(in),
			ScheduledFor:   a.time(in.Window.Start),
			ScheduledUntil: a.time(in.Window.End),
		})
	}
	return out
}

func (a *api) incident(in *status.Incident) Incident {
	created, updated := in.Posted()
	out := Incident{
		ID:              in.ID,
		Name:            in.Title,
		Status:          apiStatus(in, a.s.Now),
		CreatedAt:       a.time(created),
		UpdatedAt:       a.time(updated),
		Impact:          string(in.Impact),
		Shortlink:       a.s.Config.IncidentURL(in.ID),
		StartedAt:       a.time(in.Started),
		PageID:          a.page.ID,
		IncidentUpdates: a.updates(in),
		Components:      make([]Component, 0, len(in.Components)),
	}
	if in.IsMaintenance() {
		out.Impact = "maintenance"
		// Statuspage starts a maintenance's record when it is announced;
		// the window is in scheduled_for and scheduled_until.
		out.StartedAt = out.CreatedAt
		if in.Phase(a.s.Now) == status.PhaseCompleted {
			out.ResolvedAt = a.timePtr(in.End())
		}
	} else {
		out.ResolvedAt = a.timePtr(in.Resolved)
		out.MonitoringAt = a.timePtr(earliestMonitoring(in))
	}
	for _, id := range in.Components {
		if c, ok := a.byID[id]; ok {
			out.Components = append(out.Components, c)
		}
	}
	return out
}

func earliestMonitoring(in *status.Incident) time.Time {
	var first time.Time
	for _, u := range in.Updates {
		if u.Status == status.Monitoring && (first.IsZero() || u.At.Before(first)) {
			first = u.At
		}
	}
	return first
}

// apiStatus is the incident's status at now in Statuspage's terms. buoy has
// no "postmortem" or "verifying" stage, so those never appear.
func apiStatus(in *status.Incident, now time.Time) string {
	if in.IsMaintenance() {
		switch in.Phase(now) {
		case status.PhaseUpcoming:
			return string(status.Scheduled)
		case status.PhaseInProgress:
			return string(status.InProgress)
		}
		return string(status.Completed)
	}
	if !in.Active(now) && !in.Started.After(now) {
		return string(status.Resolved)
	}
	switch last := in.LastStatus(); last {
	case status.Identified, status.Monitoring:
		return string(last)
	}
	return string(status.Investigating)
}

// updates lists the incident's updates newest first, each with how it
// changed the state of the components the incident names.
func (a *api) updates(in *status.Incident) []IncidentUpdate {
	chrono := append([]status.Update(nil), in.Updates...)
	sort.SliceStable(chrono, func(i, j int) bool { return chrono[i].At.Before(chrono[j].At) })

	previous := map[string]status.ComponentStatus{}
	seen := map[string]int{}
	out := make([]IncidentUpdate, len(chrono))
	for i, u := range chrono {
		id := in.ID + "-" + u.At.UTC().Format("20060102t150405z")
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		at := a.time(u.At)
		affected := make([]AffectedComponent, 0, len(in.Components))
		for _, cid := range in.Components {
			old, ok := previous[cid]
			if !ok {
				old = status.Operational
			}
			now := in.Effect(cid)
			if !affecting(in, u.Status) {
				now = status.Operational
			}
			previous[cid] = now
			name := cid
			if c, ok := a.s.Config.Component(cid); ok {
				name = c.Name
			}
			affected = append(affected, AffectedComponent{Code: cid, Name: name, OldStatus: string(old), NewStatus: string(now)})
		}
		// Newest first, as Statuspage lists them.
		out[len(chrono)-1-i] = IncidentUpdate{
			ID:                   id,
			Status:               string(u.Status),
			Body:                 strings.TrimRight(u.Text, " \t\r\n"),
			IncidentID:           in.ID,
			CreatedAt:            at,
			UpdatedAt:            at,
			DisplayAt:            at,
			AffectedComponents:   affected,
			DeliverNotifications: true,
		}
	}
	return out
}

// affecting reports whether an update with this status announces that the
// incident affects its components: every incident stage but the last, and
// only the running stage of a maintenance.
func affecting(in *status.Incident, st status.UpdateStatus) bool {
	if in.IsMaintenance() {
		return st == status.InProgress
	}
	return st != status.Resolved
}
