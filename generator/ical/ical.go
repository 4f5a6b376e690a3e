// Package ical writes maintenance windows as iCalendar (RFC 5545) files
// that people subscribe to from their calendar: one for the whole site and
// one per component. Each maintenance is one VEVENT whose UID never changes,
// so a calendar that refreshes the subscription moves or updates the event
// instead of adding a copy.
package ical

import (
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// File is the calendar's name, at the site root and in each component's folder.
const File = "maintenance.ics"

// Files returns the site's calendar and every component's, keyed by path
// relative to the site root.
func Files(s *status.Snapshot) (map[string][]byte, error) {
	cfg := s.Config
	var all []*status.Incident
	for i := range s.Incidents {
		if s.Incidents[i].IsMaintenance() {
			all = append(all, &s.Incidents[i])
		}
	}
	// Oldest window first: the order calendars list events in, and stable
	// from build to build.
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].Window.Start.Equal(all[j].Window.Start) {
			return all[i].Window.Start.Before(all[j].Window.Start)
		}
		return all[i].ID < all[j].ID
	})
	out := map[string][]byte{
		File: Calendar(s, cfg.Title+" maintenance", cfg.BaseURL, all),
	}
	for _, c := range cfg.Components {
		var mine []*status.Incident
		for _, in := range all {
			if in.AffectsComponent(c.ID) {
				mine = append(mine, in)
			}
		}
		out["components/"+c.ID+"/"+File] = Calendar(s, c.Name+" maintenance – "+cfg.Title, cfg.ComponentURL(c.ID), mine)
	}
	return out, nil
}

// Calendar renders the maintenance windows as one VCALENDAR named name,
// whose URL is the page it belongs to.
func Calendar(s *status.Snapshot, name, pageURL string, windows []*status.Incident) []byte {
	var w writer
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//buoy//buoy status page//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	// NAME, URL and REFRESH-INTERVAL are RFC 7986's; the X-WR and
	// X-PUBLISHED-TTL spellings are what Apple, Google and Outlook read.
	w.line("NAME", text(name))
	w.line("X-WR-CALNAME", text(name))
	w.line("URL", pageURL)
	w.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	w.line("X-PUBLISHED-TTL", "PT1H")
	for _, in := range windows {
		event(&w, s, in)
	}
	if len(windows) == 0 {
		// RFC 5545 wants at least one component in a calendar, and a
		// component with no maintenance yet still needs a calendar to
		// subscribe to: an unused UTC time zone is the neutral filler.
		w.line("BEGIN", "VTIMEZONE")
		w.line("TZID", "UTC")
		w.line("BEGIN", "STANDARD")
		w.line("DTSTART", "19700101T000000")
		w.line("TZOFFSETFROM", "+0000")
		w.line("TZOFFSETTO", "+0000")
		w.line("TZNAME", "UTC")
		w.line("END", "STANDARD")
		w.line("END", "VTIMEZONE")
	}
	w.line("END", "VCALENDAR")
	return []byte(w.String())
}

func event(w *writer, s *status.Snapshot, in *status.Incident) {
	cfg := s.Config
	first, last := in.Posted()
	w.line("BEGIN", "VEVENT")
	w.line("UID", UID(cfg, in))
	w.line("DTSTAMP", utc(s.Now))
	w.line("DTSTART", utc(in.Window.Start))
	// A window closed early ends when it was completed.
	w.line("DTEND", utc(in.End()))
	w.line("SUMMARY", text(in.Title))
	w.line("DESCRIPTION", text(description(cfg, in)))
	w.line("URL", cfg.IncidentURL(in.ID))
	w.line("STATUS", "CONFIRMED")
	// Maintenance does not make the subscriber busy.
	w.line("TRANSP", "TRANSPARENT")
	w.line("CREATED", utc(first))
	w.line("LAST-MODIFIED", utc(last))
	w.line("END", "VEVENT")
}

// UID identifies a maintenance for as long as its file keeps its name: the
// file stem at the site's host.
func UID(cfg *status.Config, in *status.Incident) string {
	host := "buoy"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return in.ID + "@" + host
}

// description is the event's plain-text body: what is affected, then the
// announcements newest first, as written, then the page to read more.
func description(cfg *status.Config, in *status.Incident) string {
	var b strings.Builder
	names := make([]string, 0, len(in.Components))
	for _, id := range in.Components {
		if c, ok := cfg.Component(id); ok {
			names = append(names, c.Name)
		} else {
			names = append(names, id)
		}
	}
	if len(names) > 0 {
		b.WriteString("Affects: " + strings.Join(names, ", ") + "\n")
	}
	for _, u := range in.Timeline() {
		b.WriteString("\n" + label(u.Status) + " (" + u.At.In(cfg.Loc()).Format("2006-01-02 15:04 MST") + "):\n")
		b.WriteString(strings.TrimSpace(u.Text) + "\n")
	}
	b.WriteString("\n" + cfg.IncidentURL(in.ID))
	return b.String()
}

func label(st status.UpdateStatus) string {
	switch st {
	case status.Scheduled:
		return "Scheduled"
	case status.InProgress:
		return "In progress"
	case status.Completed:
		return "Completed"
	}
	return string(st)
}

// utc writes a DATE-TIME in UTC form (RFC 5545 3.3.5, form #2).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
