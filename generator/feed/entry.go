package feed

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// entry is one incident or maintenance as the three feed formats share it.
type entry struct {
	incident *status.Incident
	// id is the absolute URL of the incident's page: stable for the life
	// of the incident, and what RSS readers expect of a permalink guid.
	id        string
	published time.Time
	// updated moves with each new update; the id does not.
	updated time.Time
	// summary is one plain-text sentence or two.
	summary string
	// content is the whole story as HTML: state, then updates newest first,
	// then the postmortem.
	content string
	// filled is set once summary and content are.
	filled bool
}

// newEntry dates an incident's entry. Its text comes later, from fill:
// feeds show only their newest MaxItems entries, and rendering the
// Markdown of every incident of a large site would be most of the work.
func newEntry(s *status.Snapshot, in *status.Incident) *entry {
	e := &entry{incident: in, id: s.Config.IncidentURL(in.ID)}
	first, last := in.Posted()
	e.published, e.updated = first.UTC(), last.UTC()
	return e
}

// fill sets the summary and content, once however many feeds show the entry.
func (e *entry) fill(s *status.Snapshot, md Renderer) error {
	if e.filled {
		return nil
	}
	content, err := content(s, e.incident, md)
	if err != nil {
		return fmt.Errorf("%s: %w", e.incident.Path, err)
	}
	e.summary = summary(s, e.incident)
	e.content = content
	e.filled = true
	return nil
}

// stateLabel names where the incident stands at the snapshot's instant.
func stateLabel(s *status.Snapshot, in *status.Incident) string {
	if in.IsMaintenance() {
		switch in.Phase(s.Now) {
		case status.PhaseUpcoming:
			return "Scheduled"
		case status.PhaseInProgress:
			return "In progress"
		}
		return "Completed"
	}
	if !in.Active(s.Now) && !in.Started.After(s.Now) {
		return "Resolved"
	}
	switch last := in.LastStatus(); last {
	case status.Identified, status.Monitoring:
		return updateLabel(last)
	}
	return updateLabel(status.Investigating)
}

func updateLabel(st status.UpdateStatus) string {
	switch st {
	case status.Investigating:
		return "Investigating"
	case status.Identified:
		return "Identified"
	case status.Monitoring:
		return "Monitoring"
	case status.Resolved:
		return "Resolved"
	case status.Scheduled:
		return "Scheduled"
	case status.InProgress:
		return "In progress"
	case status.Completed:
		return "Completed"
	}
	return string(st)
}

func impactLabel(i status.Impact) string {
	switch i {
	case status.ImpactNone:
		return "No impact"
	case status.ImpactMinor:
		return "Minor impact"
	case status.ImpactMajor:
		return "Major impact"
	case status.ImpactCritical:
		return "Critical impact"
	}
	return string(i)
}

func componentNames(cfg *status.Config, in *status.Incident) string {
	names := make([]string, 0, len(in.Components))
	for _, id := range in.Components {
		if c, ok := cfg.Component(id); ok {
			names = append(names, c.Name)
		} else {
			names = append(names, id)
		}
	}
	return strings.Join(names, ", ")
}

// componentNamesHTML is componentNames with each name isolated in <bdi>,
// so that a name written right to left, or holding a direction override,
// cannot reorder the words around it.
func componentNamesHTML(cfg *status.Config, in *status.Incident) string {
	names := make([]string, 0, len(in.Components))
	for _, id := range in.Components {
		name := id
		if c, ok := cfg.Component(id); ok {
			name = c.Name
		}
		names = append(names, "<bdi>"+htmlEscape(name)+"</bdi>")
	}
	return strings.Join(names, ", ")
}

func summary(s *status.Snapshot, in *status.Incident) string {
	cfg := s.Config
	affects := ""
	if len(in.Components) > 0 {
		affects = " Affects " + componentNames(cfg, in) + "."
	}
	if in.IsMaintenance() {
		return fmt.Sprintf("%s maintenance, %s.%s", stateLabel(s, in), window(cfg, in.Window), affects)
	}
	return fmt.Sprintf("%s. %s.%s", stateLabel(s, in), impactLabel(in.Impact), affects)
}

const stampLayout = "2006-01-02 15:04 MST"

// stamp shows t in the site's zone, as the pages do.
func stamp(cfg *status.Config, t time.Time) string { return t.In(cfg.Loc()).Format(stampLayout) }

// window shows a maintenance window, the day once when it starts and ends on the same day.
func window(cfg *status.Config, w status.Window) string {
	start, end := w.Start.In(cfg.Loc()), w.End.In(cfg.Loc())
	if start.Format("2006-01-02") == end.Format("2006-01-02") {
		return start.Format("2006-01-02 15:04") + "–" + end.Format("15:04 MST")
	}
	return start.Format(stampLayout) + " – " + end.Format(stampLayout)
}

func timeHTML(cfg *status.Config, t time.Time) string {
	return `<time datetime="` + t.UTC().Format(time.RFC3339) + `">` + htmlEscape(stamp(cfg, t)) + `</time>`
}

func content(s *status.Snapshot, in *status.Incident, md Renderer) (string, error) {
	cfg := s.Config
	var b strings.Builder
	b.WriteString("<p><strong>" + htmlEscape(stateLabel(s, in)) + "</strong>")
	if in.IsMaintenance() {
		b.WriteString(" · Maintenance " + htmlEscape(window(cfg, in.Window)))
	} else {
		b.WriteString(" · " + htmlEscape(impactLabel(in.Impact)))
	}
	if len(in.Components) > 0 {
		b.WriteString(" · Affects " + componentNamesHTML(cfg, in))
	}
	b.WriteString("</p>\n")
	if !in.IsMaintenance() {
		b.WriteString("<p>Started " + timeHTML(cfg, in.Started))
		if !in.Resolved.IsZero() {
			b.WriteString(", resolved " + timeHTML(cfg, in.Resolved))
		}
		b.WriteString("</p>\n")
	}
	for _, u := range in.Timeline() {
		b.WriteString("<p><strong>" + htmlEscape(updateLabel(u.Status)) + "</strong> – " + timeHTML(cfg, u.At) + "</p>\n")
		text, err := md.HTML(u.Text)
		if err != nil {
			return "", fmt.Errorf("update at %s: %w", u.At.Format(time.RFC3339), err)
		}
		b.WriteString(text)
	}
	if strings.TrimSpace(in.Postmortem) != "" {
		pm, err := md.HTML(in.Postmortem)
		if err != nil {
			return "", fmt.Errorf("postmortem: %w", err)
		}
		b.WriteString("<hr>\n<p><strong>Postmortem</strong></p>\n" + pm)
	}
	return b.String(), nil
}

func htmlEscape(s string) string { return html.EscapeString(s) }
