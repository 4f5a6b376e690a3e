package announce

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Document is the JSON a webhook target receives for an announcement. Its
// fields are a documented format (docs/announce.md): add, never rename.
type Document struct {
	Version int `json:"version"`
	// ID is the post's key, also sent as the Idempotency-Key header.
	ID string `json:"id"`
	// Key is the event's key in the announce log.
	Key        string             `json:"key"`
	Kind       Kind               `json:"kind"`
	Time       time.Time          `json:"time"`
	Incident   DocumentIncident   `json:"incident"`
	Update     *DocumentUpdate    `json:"update,omitempty"`
	Postmortem string             `json:"postmortem,omitempty"`
	Subject    string             `json:"subject"`
	Page       notify.PayloadPage `json:"page"`
}

// DocumentIncident describes the incident or maintenance.
type DocumentIncident struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	URL   string `json:"url"`
	// Status is the stage the event announces.
	Status     status.UpdateStatus       `json:"status,omitempty"`
	Impact     status.Impact             `json:"impact,omitempty"`
	Components []notify.PayloadComponent `json:"components"`
	Window     *DocumentWindow           `json:"window,omitempty"`
}

// DocumentWindow is a maintenance's window.
type DocumentWindow struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// DocumentUpdate is the update announced; absent for the events of a
// maintenance's clock, a reminder and a postmortem.
type DocumentUpdate struct {
	Status status.UpdateStatus `json:"status"`
	Text   string              `json:"text"`
	Time   time.Time           `json:"time"`
}

// PostKey is the key receivers deduplicate on: the event's, bound to the
// site so that two sites sending to one list never share one.
func PostKey(cfg *status.Config, eventKey string) string {
	h := sha256.Sum256([]byte(cfg.BaseURL + "\x00" + eventKey))
	return hex.EncodeToString(h[:12])
}

// Post shapes event e for target t in the site's words w.
func Post(cfg *status.Config, w words.Words, t status.NotifyTarget, e Event) notify.Post {
	in := e.Incident
	link := cfg.IncidentURL(in.ID)
	subject := w.T("announceSubject", words.Args{"Site": cfg.Title, "Title": in.Title, "Status": statusLabel(w, e)})
	key := PostKey(cfg, e.Key)
	return notify.Post{
		Target: t, Key: key, Thread: PostKey(cfg, Thread(in)),
		Subject: subject, Body: body(cfg, w, e), Link: link,
		Site: cfg.Title, SiteURL: cfg.BaseURL, Language: cfg.Language, Time: e.Time.UTC(),
		Event: document(cfg, e, key, subject, link),
	}
}

// statusLabel names the stage in the subject, as the pages do.
func statusLabel(w words.Words, e Event) string {
	switch e.Kind {
	case KindReminder:
		return w.T("announceReminder", nil)
	case KindPostmortem:
		return w.T("postmortem", nil)
	}
	if key := "status_" + string(e.Status); w.Has(key) {
		return w.T(key, nil)
	}
	return string(e.Status)
}

// body is the post's Markdown: what happened, then what it affects and,
// for maintenance, its window.
func body(cfg *status.Config, w words.Words, e Event) string {
	in := e.Incident
	text := strings.TrimSpace(e.Text)
	switch {
	case text != "":
	case e.Kind == KindReminder:
		text = w.T("announceReminderText", words.Args{"Start": stamp(cfg, in.Window.Start)})
	case e.Kind == KindStarted:
		text = w.T("announceStarted", nil)
	case e.Kind == KindCompleted:
		text = w.T("announceCompleted", nil)
	}
	var facts []string
	if len(in.Components) > 0 {
		facts = append(facts, w.T("feedAffectsSentence", words.Args{"Components": escape(componentNames(cfg, in, w))}))
	}
	if in.IsMaintenance() {
		facts = append(facts, w.T("feedMaintenanceWindow", words.Args{"Window": window(cfg, in.Window)}))
	}
	parts := []string{}
	if text != "" {
		parts = append(parts, text)
	}
	if len(facts) > 0 {
		// One paragraph, a line each.
		parts = append(parts, strings.Join(facts, "  \n"))
	}
	return strings.Join(parts, "\n\n")
}

func document(cfg *status.Config, e Event, key, subject, link string) Document {
	in := e.Incident
	d := Document{
		Version: 1, ID: key, Key: e.Key, Kind: e.Kind, Time: e.Time.UTC(), Subject: subject,
		Incident: DocumentIncident{ID: in.ID, Kind: string(in.Kind), Title: in.Title, URL: link, Status: e.Status, Components: []notify.PayloadComponent{}},
		Page:     notify.PayloadPage{Title: cfg.Title, URL: cfg.BaseURL},
	}
	if in.IsMaintenance() {
		d.Incident.Window = &DocumentWindow{Start: in.Window.Start.UTC(), End: in.Window.End.UTC()}
	} else {
		d.Incident.Impact = in.Impact
	}
	for _, id := range in.Components {
		name := id
		if c, ok := cfg.Component(id); ok {
			name = c.Name
		}
		d.Incident.Components = append(d.Incident.Components, notify.PayloadComponent{ID: id, Name: name, URL: cfg.ComponentURL(id)})
	}
	switch e.Kind {
	case KindPostmortem:
		d.Postmortem = e.Text
	case KindReminder:
	default:
		if e.Text != "" {
			d.Update = &DocumentUpdate{Status: e.Status, Text: e.Text, Time: e.Time.UTC()}
		}
	}
	return d
}

func componentNames(cfg *status.Config, in *status.Incident, w words.Words) string {
	names := cfg.ComponentNames(in.Components)
	return strings.Join(names, w.T("listSeparator", nil))
}

// escape keeps names plain text in Markdown: a component called *API*
// stays as written.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

const stampLayout = "2006-01-02 15:04 MST"

// stamp and window show times in the site's zone as its feeds do.
func stamp(cfg *status.Config, t time.Time) string { return t.In(cfg.Loc()).Format(stampLayout) }

func window(cfg *status.Config, w status.Window) string {
	start, end := w.Start.In(cfg.Loc()), w.End.In(cfg.Loc())
	if start.Format(time.DateOnly) == end.Format(time.DateOnly) {
		return start.Format("2006-01-02 15:04") + "–" + end.Format("15:04 MST")
	}
	return start.Format(stampLayout) + " – " + end.Format(stampLayout)
}
