package notify

import (
	"fmt"
	"time"

	"github.com/buoystatus/buoy/generator/lang"
	"github.com/buoystatus/buoy/generator/status"
)

// texts are an alert's words in one language: %[1]s is the component,
// %[2]s the reason or the outage's length.
type texts struct {
	down, degraded, recoveredAfter, recovered string
}

// phrases cover the UI languages buoy ships, so that a French team is
// paged in French.
var phrases = map[string]texts{
	"en": {
		down:           "%[1]s is down: %[2]s",
		degraded:       "%[1]s is degraded: %[2]s",
		recoveredAfter: "%[1]s has recovered after %[2]s",
		recovered:      "%[1]s has recovered",
	},
	"fr": {
		down:           "%[1]s est en panne : %[2]s",
		degraded:       "%[1]s est dégradé : %[2]s",
		recoveredAfter: "%[1]s est rétabli après %[2]s",
		recovered:      "%[1]s est rétabli",
	},
	"ja": {
		down:           "%[1]s が停止しています: %[2]s",
		degraded:       "%[1]s の性能が低下しています: %[2]s",
		recoveredAfter: "%[1]s が復旧しました（%[2]s）",
		recovered:      "%[1]s が復旧しました",
	},
	"pt-BR": {
		down:           "%[1]s está fora do ar: %[2]s",
		degraded:       "%[1]s está degradado: %[2]s",
		recoveredAfter: "%[1]s voltou a funcionar após %[2]s",
		recovered:      "%[1]s voltou a funcionar",
	},
}

// Marks tell the alerts apart at a glance in a busy channel, shape and
// colour both.
var marks = map[status.Alert]string{
	status.AlertDown:      "🔴",
	status.AlertDegraded:  "🟠",
	status.AlertRecovered: "✅",
}

// Headline is the alert in one line: "🔴 Website is down: https: HTTP 502".
func (m Message) Headline() string {
	t := lang.Pick(phrases, m.Language)
	var s string
	switch m.Alert {
	case status.AlertDown:
		s = fmt.Sprintf(t.down, m.Component.Name, m.Reason)
	case status.AlertDegraded:
		s = fmt.Sprintf(t.degraded, m.Component.Name, m.Reason)
	default:
		if !m.Since.IsZero() && m.Time.After(m.Since) {
			s = fmt.Sprintf(t.recoveredAfter, m.Component.Name, length(m.Time.Sub(m.Since)))
		} else {
			s = fmt.Sprintf(t.recovered, m.Component.Name)
		}
	}
	return marks[m.Alert] + " " + s
}

// Text is the whole message: the site, the headline and the page to read.
func (m Message) Text() string {
	return fmt.Sprintf("[%s] %s\n%s", m.Site, m.Headline(), m.URL)
}

// length writes an outage's length as people say it: "45 min", "2 h 5 min".
func length(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d < time.Minute:
		return "1 min"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h, min := int(d.Hours()), int(d.Minutes())%60
		if min == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, min)
	}
	return fmt.Sprintf("%d d %d h", int(d.Hours())/24, int(d.Hours())%24)
}
