package notify

import (
	"fmt"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Marks tell the alerts apart at a glance in a busy channel, shape and
// colour both.
var marks = map[status.Alert]string{
	status.AlertDown:      "🔴",
	status.AlertDegraded:  "🟠",
	status.AlertRecovered: "✅",
}

// Headline is the alert in one line, in the site's language, so that a
// French team is paged in French: "🔴 Website is down: https: HTTP 502".
func (m Message) Headline() string {
	b := m.Words
	if b == nil {
		b = words.Builtin()
	}
	w := b.In(m.Language)
	args := words.Args{"Component": m.Component.Name, "Reason": m.Reason}
	var s string
	switch m.Alert {
	case status.AlertDown:
		s = w.T("alertDown", args)
	case status.AlertDegraded:
		s = w.T("alertDegraded", args)
	default:
		if !m.Since.IsZero() && m.Time.After(m.Since) {
			args["Duration"] = length(w, m.Time.Sub(m.Since))
			s = w.T("alertRecoveredAfter", args)
		} else {
			s = w.T("alertRecovered", args)
		}
	}
	return marks[m.Alert] + " " + s
}

// Text is the whole message: the site, the headline and the page to read.
func (m Message) Text() string {
	return fmt.Sprintf("[%s] %s\n%s", m.Site, m.Headline(), m.URL)
}

// length writes an outage's length as the pages do, in the units of the
// theme's duration_* words: "45 min", "2 h 5 min".
func length(w words.Words, d time.Duration) string {
	unit := func(key string, n int) string { return w.T(key, n) }
	pair := func(a, b string) string { return w.T("durationPair", words.Args{"First": a, "Second": b}) }
	d = d.Round(time.Minute)
	switch {
	case d < time.Minute:
		return unit("duration_minutes", 1)
	case d < time.Hour:
		return unit("duration_minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		h, min := int(d.Hours()), int(d.Minutes())%60
		if min == 0 {
			return unit("duration_hours", h)
		}
		return pair(unit("duration_hours", h), unit("duration_minutes", min))
	}
	return pair(unit("duration_days", int(d.Hours())/24), unit("duration_hours", int(d.Hours())%24))
}

// post is the alert as a post, for the targets that take only posts
// (email, mastodon): the headline as subject, the component's page as
// link, each change its own thread.
func (m Message) post() Post {
	return Post{
		Target: m.Target, Key: m.Key(), Thread: m.Key(),
		Subject: "[" + m.Site + "] " + m.Headline(), Link: m.URL,
		Site: m.Site, SiteURL: m.SiteURL, Language: m.Language, Time: m.Time, Event: payload(m),
	}
}
