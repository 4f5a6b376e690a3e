// Package incident reads the files of incidents/: incidents and scheduled
// maintenance, as YAML or as Markdown with YAML front matter.
package incident

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

// Dir is the folder of incident files in a status repository.
const Dir = "incidents"

var (
	nameRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.(yaml|md)$`)
	langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

var (
	commonKeys      = []string{"title", "lang", "kind", "components", "impact", "affects", "timezone", "updates", "postmortem", "issue"}
	incidentKeys    = append([]string{"started", "detected", "resolved"}, commonKeys...)
	maintenanceKeys = append([]string{"window"}, commonKeys...)
)

// Slack is how far in the future a time may be written: a clock a little
// ahead, or an update written a few minutes early, is no lie.
const Slack = 10 * time.Minute

// parser holds what one file's decoding needs along the way.
type parser struct {
	d   *yamlfile.Doc
	cfg *status.Config
	loc *time.Location
	in  *status.Incident
	// now is the clock times are checked against: what has happened
	// cannot have happened after now+Slack.
	now time.Time
}

// Parse reads one incident file. path is relative to the status repository
// and decides the format (.yaml or .md) and the incident id. now is the
// present: a start, a detection, a resolution or an update after it (by
// more than Slack) is an error, since it cannot have been seen yet; only
// maintenance, which is announced ahead, has a future.
func Parse(p string, data []byte, cfg *status.Config, now time.Time) (*status.Incident, diag.List) {
	d := &yamlfile.Doc{Path: p}
	base := path.Base(p)
	if !nameRE.MatchString(base) || !realDate(base) {
		// The name is the mistake, but a position keeps the message in the
		// path:line:col form that editors, problem matchers and pull-request
		// annotations pick up.
		const form = "incident files are named YYYY-MM-DD-slug.yaml or YYYY-MM-DD-slug.md (slug: a-z, 0-9 and dashes)"
		if nameRE.MatchString(base) {
			d.Problems.Add(p, 1, 1, "%s is not a date of the calendar: %s", base[:len(time.DateOnly)], form)
		} else {
			d.Problems.Add(p, 1, 1, form)
		}
		return nil, d.Problems
	}
	in := &status.Incident{ID: strings.TrimSuffix(base, path.Ext(base)), Path: p, Kind: status.KindIncident}
	front, body := data, ""
	parse := d.Parse
	if path.Ext(base) == ".md" {
		// The body is user text as much as the front matter is.
		if !d.Text(data, 1) {
			return nil, d.Problems
		}
		var ok bool
		front, body, ok = splitFrontMatter(data)
		if !ok {
			d.Problems.Add(p, 1, 1, "a Markdown incident starts with YAML front matter between two --- lines")
			return nil, d.Problems
		}
		d.LineOffset = 1
		// The whole file is checked: front is a part of it, without its
		// byte order mark and with CRLF made LF.
		parse = d.ParseChecked
	}
	root := parse(front)
	if root == nil {
		return nil, d.Problems
	}
	ps := &parser{d: d, cfg: cfg, in: in, now: now}
	ps.decode(root)
	if b := strings.TrimSpace(body); b != "" {
		if in.Postmortem != "" {
			d.Problems.Add(p, 1, 1, "postmortem is given twice: in the front matter and as the Markdown body; keep one")
		}
		in.Postmortem = b
	}
	if len(d.Problems) > 0 {
		return nil, d.Problems
	}
	return in, nil
}

// realDate reports whether a file name that matches nameRE starts with a
// date of the calendar: 2025-13-45 has the form, not the meaning.
func realDate(base string) bool {
	_, err := time.Parse(time.DateOnly, base[:len(time.DateOnly)])
	return err == nil
}

// splitFrontMatter separates "---\nyaml\n---\nbody". A byte order mark
// before the first --- is dropped, as YAML drops it from a .yaml file.
func splitFrontMatter(data []byte) (front []byte, body string, ok bool) {
	data = bytes.TrimPrefix(data, []byte(safetext.BOM))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, "", false
	}
	rest := data[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return nil, "", true
	}
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		if !bytes.HasSuffix(rest, []byte("\n---")) {
			return nil, "", false
		}
		return rest[:len(rest)-4], "", true
	}
	return rest[:end+1], string(rest[end+5:]), true
}

func (ps *parser) decode(root *yaml.Node) {
	d, in := ps.d, ps.in
	// kind and timezone change how the other keys read, so they come first.
	var componentsNode, affectsNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k, v := root.Content[i].Value, root.Content[i+1]; k {
		case "kind":
			in.Kind = yamlfile.Enum(d, v, "kind", []status.Kind{status.KindIncident, status.KindMaintenance})
		case "timezone":
			ps.loc = d.Location(v, "timezone")
			if ps.loc == nil {
				// Already reported; reading the times in UTC spares a
				// cascade of "no offset" errors about the same mistake.
				ps.loc = time.UTC
			}
		}
	}
	known, required := incidentKeys, []string{"title", "components", "started"}
	what := "incident"
	if in.IsMaintenance() {
		known, required, what = maintenanceKeys, []string{"title", "components", "window"}, "maintenance"
		in.Impact = status.ImpactNone
	} else {
		in.Impact = status.ImpactMinor
	}
	var updatesNode *yaml.Node
	times := map[string]*yaml.Node{}
	d.Fields(root, what, known, required, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			in.Title = d.NonEmpty(v, "title")
		case "lang":
			in.Lang = d.String(v, "lang")
			if in.Lang != "" && !langRE.MatchString(in.Lang) {
				d.Errorf(v, "lang %q is not a BCP 47 language tag such as en, fr or pt-BR", in.Lang)
			}
		case "components":
			componentsNode = v
		case "impact":
			in.Impact = yamlfile.Enum(d, v, "impact", status.Impacts)
		case "affects":
			affectsNode = v
		case "started":
			times[key], in.Started = v, ps.past(v, "started")
		case "detected":
			times[key], in.Detected = v, ps.past(v, "detected")
		case "resolved":
			times[key], in.Resolved = v, ps.past(v, "resolved")
		case "window":
			ps.window(v)
		case "updates":
			updatesNode = v
		case "postmortem":
			in.Postmortem = d.String(v, "postmortem")
		case "issue":
			in.Issue = d.Int(v, "issue", 1)
		}
	})
	if componentsNode != nil {
		ps.components(componentsNode)
	}
	if affectsNode != nil {
		ps.affects(affectsNode)
	}
	if updatesNode != nil {
		ps.updates(updatesNode)
	}
	ps.order(times)
}

// order reports time running backwards.
func (ps *parser) order(times map[string]*yaml.Node) {
	in := ps.in
	if in.Started.IsZero() {
		return
	}
	if !in.Detected.IsZero() && in.Detected.Before(in.Started) {
		ps.d.Errorf(times["detected"], "detected (%s) is before started (%s)", stamp(in.Detected), stamp(in.Started))
	}
	if !in.Resolved.IsZero() && in.Resolved.Before(in.Started) {
		ps.d.Errorf(times["resolved"], "resolved (%s) is before started (%s)", stamp(in.Resolved), stamp(in.Started))
	}
}

// past decodes the time of something that has happened.
func (ps *parser) past(n *yaml.Node, what string) time.Time {
	t := ps.d.Time(n, what, ps.loc)
	if !t.IsZero() && t.After(ps.now.Add(Slack)) {
		ps.d.Errorf(n, "%s (%s) is in the future (now is %s): write what has happened, when it happened", what, stamp(t), stamp(ps.now))
	}
	return t
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }
