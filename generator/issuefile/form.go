package issuefile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

// The headings of the issue forms (.github/ISSUE_TEMPLATE/incident.yml and
// maintenance.yml): GitHub writes each field as "### Label" and its value.
const (
	headComponents  = "Affected components"
	headImpact      = "Impact"
	headStatus      = "Status"
	headText        = "What is happening"
	headStarted     = "Started (optional)"
	headStart       = "Window start"
	headEnd         = "Window end"
	headMaintenance = "What will happen"
	// noResponse is what GitHub writes for an optional field left empty.
	noResponse = "_No response_"
)

// form is an issue body read as the sections of an issue form.
type form map[string]string

// checkbox is one option of a checkboxes field: "- [X] Public API (api)".
var checkbox = regexp.MustCompile(`^\s*[-*] \[([ xX])\] (.*)$`)

// readForm splits body at its "### " headings. Text before the first
// heading, and headings the forms do not have, are kept under their
// heading and ignored by the caller.
func readForm(body string) form {
	lines := strings.Split(body, "\n")
	// The last line naming each heading: a text field may quote a heading
	// of the form, and only the last one can be the field GitHub wrote.
	last := map[string]int{}
	for i, line := range lines {
		if h, ok := heading(line); ok {
			last[h] = i
		}
	}
	f := form{}
	cur, at := -1, 0
	var text []string
	flush := func() {
		if cur < 0 {
			return
		}
		v := strings.TrimSpace(strings.Join(text, "\n"))
		if v == noResponse {
			v = ""
		}
		f[formOrder[cur]] = v
		text = nil
	}
	for i, line := range lines {
		// A heading ends the field before it only when it is a later
		// field of the form, and, after a free text, its last mention:
		// any other "### " line is the author's Markdown.
		if h, ok := heading(line); ok {
			if j := slices.Index(formOrder, h); j > cur && (cur < 0 || !freeText(formOrder[cur]) || last[h] == i) {
				flush()
				cur, at = j, i
				continue
			}
		}
		if cur >= 0 && i > at {
			text = append(text, line)
		}
	}
	flush()
	return f
}

// formOrder lists the headings of both forms in the order GitHub writes them.
var formOrder = []string{headComponents, headImpact, headStatus, headText, headStarted, headStart, headEnd, headMaintenance}

// freeText reports whether a field's value is the author's Markdown.
func freeText(h string) bool { return h == headText || h == headMaintenance }

func heading(line string) (string, bool) {
	h, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), "### ")
	return strings.TrimSpace(h), ok
}

// fields are what an issue says about its incident or maintenance.
type fields struct {
	kind       status.Kind
	title      string
	components []string
	impact     status.Impact
	status     status.UpdateStatus
	text       string
	started    time.Time // zero: when the issue was opened
	window     status.Window
}

// read checks the form against the site's configuration; a mistake is a
// refusal saying which field and why.
func (f form) read(kind status.Kind, title string, cfg *status.Config) (*fields, error) {
	out := &fields{kind: kind, title: strings.TrimSpace(title)}
	if out.title == "" {
		return nil, refusef("the issue title is empty: it becomes the title of the %s", kind)
	}
	var err error
	if out.components, err = f.components(cfg); err != nil {
		return nil, err
	}
	if kind == status.KindMaintenance {
		if out.text = f[headMaintenance]; out.text == "" {
			return nil, refusef("%q is empty: say what will happen", headMaintenance)
		}
		if out.window.Start, err = f.time(headStart, cfg.Loc(), true); err != nil {
			return nil, err
		}
		if out.window.End, err = f.time(headEnd, cfg.Loc(), true); err != nil {
			return nil, err
		}
		if !out.window.End.After(out.window.Start) {
			return nil, refusef("%q (%s) is not after %q (%s)", headEnd, stamp(out.window.End), headStart, stamp(out.window.Start))
		}
		return out, nil
	}
	if out.text = f[headText]; out.text == "" {
		return nil, refusef("%q is empty: say what users see", headText)
	}
	out.impact = status.ImpactMinor
	// The form writes "none (no impact)": GitHub refuses an option named
	// "none" alone. The first word is the impact.
	if v, _, _ := strings.Cut(f[headImpact], " "); v != "" {
		if out.impact = status.Impact(v); !slices.Contains(status.Impacts, out.impact) {
			return nil, refusef("%q is %q, not one of %s", headImpact, v, join(status.Impacts))
		}
	}
	out.status = status.Investigating
	if v := f[headStatus]; v != "" {
		if out.status = status.UpdateStatus(v); !slices.Contains(status.IncidentStatuses, out.status) {
			return nil, refusef("%q is %q, not one of %s", headStatus, v, join(status.IncidentStatuses))
		}
	}
	if out.started, err = f.time(headStarted, cfg.Loc(), false); err != nil {
		return nil, err
	}
	return out, nil
}

// components reads the checked options; an option's id is the text in its
// last pair of parentheses.
func (f form) components(cfg *status.Config) ([]string, error) {
	v, ok := f[headComponents]
	if !ok {
		return nil, refusef("the issue has no %q section: open it with the issue form", headComponents)
	}
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	var list []string
	for _, line := range strings.Split(v, "\n") {
		m := checkbox.FindStringSubmatch(line)
		if m == nil || m[1] == " " {
			continue
		}
		label := strings.TrimSpace(m[2])
		open, end := strings.LastIndexByte(label, '('), strings.LastIndexByte(label, ')')
		if open < 0 || end < open {
			return nil, refusef("%q: the option %q names no component id in parentheses", headComponents, label)
		}
		id := strings.TrimSpace(label[open+1 : end])
		if slices.Contains(list, id) {
			continue
		}
		if id != status.AllComponents && !slices.Contains(ids, id) {
			return nil, refusef("%q: unknown component %q%s; the components are %s (the form may be out of date: run buoy check)", headComponents, id, yamlfile.Suggest(id, ids), strings.Join(ids, ", "))
		}
		list = append(list, id)
	}
	if slices.Contains(list, status.AllComponents) {
		// "All components" with others ticked too still means all.
		return []string{status.AllComponents}, nil
	}
	if len(list) == 0 {
		return nil, refusef("%q: tick at least one component", headComponents)
	}
	return list, nil
}

// time reads a time field: "2006-01-02 15:04" in the site's zone, or RFC 3339.
func (f form) time(head string, loc *time.Location, required bool) (time.Time, error) {
	s := f[head]
	if s == "" {
		if required {
			return time.Time{}, refusef("%q is empty: give a time such as 2006-01-02 15:04 (%s)", head, loc)
		}
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, refusef("%q is %q, not a time: write 2006-01-02 15:04 (read in %s) or RFC 3339 such as 2006-01-02T15:04:00+01:00", head, s, loc)
}

func join[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// Refusal is input the command will not write, with the reason to show
// the author; the command exits 1.
type Refusal struct{ Msg string }

func (r *Refusal) Error() string { return r.Msg }

func refusef(format string, args ...any) error {
	return &Refusal{Msg: fmt.Sprintf(format, args...)}
}
