package feed

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
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
	// rss, atom and json are the entry encoded in each format (encode).
	rss, atom, json []byte
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
func (e *entry) fill(s *status.Snapshot, md Renderer, w words.Words) error {
	if e.filled {
		return nil
	}
	content, err := content(s, e.incident, md, w)
	if err != nil {
		return fmt.Errorf("%s: %w", e.incident.Path, err)
	}
	e.summary = summary(s, e.incident, w)
	e.content = content
	e.filled = true
	return nil
}

// state is the status that says where the incident stands at the
// snapshot's instant.
func state(s *status.Snapshot, in *status.Incident) status.UpdateStatus {
	if in.IsMaintenance() {
		switch in.Phase(s.Now) {
		case status.PhaseUpcoming:
			return status.Scheduled
		case status.PhaseInProgress:
			return status.InProgress
		}
		return status.Completed
	}
	if !in.Active(s.Now) && !in.Started.After(s.Now) {
		return status.Resolved
	}
	switch last := in.LastStatus(); last {
	case status.Identified, status.Monitoring:
		return last
	}
	return status.Investigating
}

// label names a status as the pages do.
func label(w words.Words, st status.UpdateStatus) string {
	if key := "status_" + string(st); w.Has(key) {
		return w.T(key, nil)
	}
	return string(st)
}

func impactLabel(w words.Words, i status.Impact) string {
	if key := "impact_" + string(i); w.Has(key) {
		return w.T(key, nil)
	}
	return string(i)
}

func componentNames(cfg *status.Config, in *status.Incident, w words.Words) string {
	names := cfg.ComponentNames(in.Components)
	return strings.Join(names, w.T("listSeparator", nil))
}

// componentNamesHTML is componentNames with each name isolated in <bdi>,
// so that a name written right to left, or holding a direction override,
// cannot reorder the words around it.
func componentNamesHTML(cfg *status.Config, in *status.Incident, w words.Words) string {
	names := make([]string, 0, len(in.Components))
	for _, id := range in.Components {
		name := id
		if c, ok := cfg.Component(id); ok {
			name = c.Name
		}
		names = append(names, "<bdi>"+htmlEscape(name)+"</bdi>")
	}
	return strings.Join(names, htmlEscape(w.T("listSeparator", nil)))
}

func summary(s *status.Snapshot, in *status.Incident, w words.Words) string {
	cfg := s.Config
	var text string
	if in.IsMaintenance() {
		text = w.T("feedMaintenanceSummary_"+string(in.Phase(s.Now)), words.Args{"Window": window(cfg, in.Window)})
	} else {
		text = w.T("feedIncidentSummary", words.Args{"Status": label(w, state(s, in)), "Impact": impactLabel(w, in.Impact)})
	}
	if len(in.Components) > 0 {
		affects := w.T("feedAffectsSentence", words.Args{"Components": componentNames(cfg, in, w)})
		text = w.T("sentencePair", words.Args{"First": text, "Second": affects})
	}
	return text
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

func content(s *status.Snapshot, in *status.Incident, md Renderer, w words.Words) (string, error) {
	cfg := s.Config
	var b strings.Builder
	b.WriteString("<p><strong>" + htmlEscape(label(w, state(s, in))) + "</strong>")
	if in.IsMaintenance() {
		b.WriteString(" · " + w.HTML("feedMaintenanceWindow", words.Args{"Window": window(cfg, in.Window)}))
	} else {
		b.WriteString(" · " + htmlEscape(impactLabel(w, in.Impact)))
	}
	if len(in.Components) > 0 {
		b.WriteString(" · " + w.HTML("feedAffects", words.Args{"Components": words.HTML(componentNamesHTML(cfg, in, w))}))
	}
	b.WriteString("</p>\n")
	if !in.IsMaintenance() {
		start := words.HTML(timeHTML(cfg, in.Started))
		if in.Resolved.IsZero() {
			b.WriteString("<p>" + w.HTML("feedStarted", words.Args{"Start": start}) + "</p>\n")
		} else {
			b.WriteString("<p>" + w.HTML("feedStartedResolved", words.Args{"Start": start, "End": words.HTML(timeHTML(cfg, in.Resolved))}) + "</p>\n")
		}
	}
	for _, u := range in.Timeline() {
		b.WriteString("<p><strong>" + htmlEscape(label(w, u.Status)) + "</strong> – " + timeHTML(cfg, u.At) + "</p>\n")
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
		b.WriteString("<hr>\n<p><strong>" + htmlEscape(w.T("postmortem", nil)) + "</strong></p>\n" + pm)
	}
	return b.String(), nil
}

func htmlEscape(s string) string { return html.EscapeString(s) }
