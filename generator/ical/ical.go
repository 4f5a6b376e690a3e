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
	"github.com/buoystatus/buoy/generator/words"
)

// File is the calendar's name, at the site root and in each component's folder.
const File = "maintenance.ics"

// Files returns the site's calendar and every component's, keyed by path
// relative to the site root, their words the built-in theme's.
func Files(s *status.Snapshot) (map[string][]byte, error) { return calendars(s, words.Builtin()) }

// FilesIn is Files with the words of b, in the site's language.
func FilesIn(b *words.Book) func(*status.Snapshot) (map[string][]byte, error) {
	return func(s *status.Snapshot) (map[string][]byte, error) { return calendars(s, b) }
}

func calendars(s *status.Snapshot, b *words.Book) (map[string][]byte, error) {
	cfg := s.Config
	w := b.In(cfg.Language)
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
	// A maintenance shows in the site's calendar and in each of its
	// components': its description is written once.
	descs := make(map[*status.Incident]string, len(all))
	for _, in := range all {
		descs[in] = description(cfg, w, in)
	}
	out := map[string][]byte{
		File: calendar(s, w.T("calendarName", words.Args{"Site": cfg.Title}), cfg.BaseURL, all, descs),
	}
	for _, c := range cfg.Components {
		var mine []*status.Incident
		for _, in := range all {
			if in.AffectsComponent(c.ID) {
				mine = append(mine, in)
			}
		}
		name := w.T("componentCalendarName", words.Args{"Name": c.Name, "Site": cfg.Title})
		out["components/"+c.ID+"/"+File] = calendar(s, name, cfg.ComponentURL(c.ID), mine, descs)
	}
	return out, nil
}

// Calendar renders the maintenance windows as one VCALENDAR named name,
// whose URL is the page it belongs to, its words from w.
func Calendar(s *status.Snapshot, w words.Words, name, pageURL string, windows []*status.Incident) []byte {
	descs := make(map[*status.Incident]string, len(windows))
	for _, in := range windows {
		descs[in] = description(s.Config, w, in)
	}
	return calendar(s, name, pageURL, windows, descs)
}

// calendar is Calendar with each window's description written already.
func calendar(s *status.Snapshot, name, pageURL string, windows []*status.Incident, descs map[*status.Incident]string) []byte {
	var out writer
	out.line("BEGIN", "VCALENDAR")
	out.line("VERSION", "2.0")
	out.line("PRODID", "-//buoy//buoy status page//EN")
	out.line("CALSCALE", "GREGORIAN")
	out.line("METHOD", "PUBLISH")
	// NAME, URL and REFRESH-INTERVAL are RFC 7986's; the X-WR and
	// X-PUBLISHED-TTL spellings are what Apple, Google and Outlook read.
	out.line("NAME", text(name))
	out.line("X-WR-CALNAME", text(name))
	out.line("URL", pageURL)
	out.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	out.line("X-PUBLISHED-TTL", "PT1H")
	for _, in := range windows {
		event(&out, s, in, descs[in])
	}
	if len(windows) == 0 {
		// RFC 5545 wants at least one component in a calendar, and a
		// component with no maintenance yet still needs a calendar to
		// subscribe to: an unused UTC time zone is the neutral filler.
		out.line("BEGIN", "VTIMEZONE")
		out.line("TZID", "UTC")
		out.line("BEGIN", "STANDARD")
		out.line("DTSTART", "19700101T000000")
		out.line("TZOFFSETFROM", "+0000")
		out.line("TZOFFSETTO", "+0000")
		out.line("TZNAME", "UTC")
		out.line("END", "STANDARD")
		out.line("END", "VTIMEZONE")
	}
	out.line("END", "VCALENDAR")
	return []byte(out.String())
}

func event(out *writer, s *status.Snapshot, in *status.Incident, desc string) {
	cfg := s.Config
	first, last := in.Posted()
	out.line("BEGIN", "VEVENT")
	out.line("UID", UID(cfg, in))
	out.line("DTSTAMP", utc(s.Now))
	out.line("DTSTART", utc(in.Window.Start))
	// A window closed early ends when it was completed.
	out.line("DTEND", utc(in.End()))
	out.line("SUMMARY", text(in.Title))
	out.line("DESCRIPTION", text(desc))
	out.line("URL", cfg.IncidentURL(in.ID))
	out.line("STATUS", "CONFIRMED")
	// Maintenance does not make the subscriber busy.
	out.line("TRANSP", "TRANSPARENT")
	out.line("CREATED", utc(first))
	out.line("LAST-MODIFIED", utc(last))
	out.line("END", "VEVENT")
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
func description(cfg *status.Config, w words.Words, in *status.Incident) string {
	var b strings.Builder
	names := cfg.ComponentNames(in.Components)
	if len(names) > 0 {
		b.WriteString(w.T("calendarAffects", words.Args{"Components": strings.Join(names, w.T("listSeparator", nil))}) + "\n")
	}
	for _, u := range in.Timeline() {
		b.WriteString("\n" + label(w, u.Status) + " (" + u.At.In(cfg.Loc()).Format("2006-01-02 15:04 MST") + "):\n")
		b.WriteString(strings.TrimSpace(u.Text) + "\n")
	}
	b.WriteString("\n" + cfg.IncidentURL(in.ID))
	return b.String()
}

// label names an update's status as the pages do.
func label(w words.Words, st status.UpdateStatus) string {
	if key := "status_" + string(st); w.Has(key) {
		return w.T(key, nil)
	}
	return string(st)
}

// utc writes a DATE-TIME in UTC form (RFC 5545 3.3.5, form #2).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
