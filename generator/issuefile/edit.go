package issuefile

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/incident"
	"github.com/buoystatus/buoy/generator/scaffold"
	"github.com/buoystatus/buoy/generator/status"
)

// editor builds the new content of one incident file.
type editor struct {
	repo  Repo
	now   time.Time
	issue int
	loc   *time.Location
}

// create writes a new file the way `buoy new` does, from the form.
func (e *editor) create(f *fields, opened time.Time) (*Result, error) {
	if !f.started.IsZero() && f.started.After(e.now.Add(incident.Slack)) {
		return nil, refusef("%q (%s) is in the future: an incident starts when users are first affected", headStarted, stamp(f.started))
	}
	if !f.started.IsZero() && f.started.After(opened) {
		// The first update is posted when the issue was opened, and may
		// not come before the start.
		opened = f.started
	}
	sc := scaffold.Incident{
		Kind: f.kind, Title: f.title, Components: f.components, Impact: f.impact,
		Now: opened, Started: f.started, Window: f.window, Language: e.repo.Config.Language, Words: e.repo.Words,
		// A placeholder: the text goes in as a node value below, never
		// through the template.
		Text:   "-",
		Origin: fmt.Sprintf("Written by `buoy issue` from issue #%d.", e.issue),
	}
	src, err := sc.Render()
	if err != nil {
		return nil, refusef("%v", err)
	}
	doc, root, err := decode(src)
	if err != nil {
		return nil, fmt.Errorf("the template of buoy new: %w", err)
	}
	first := lookup(root, "updates").Content[0]
	set(first, "text", textNode(f.text))
	if f.kind == status.KindIncident {
		set(first, "status", strNode(string(f.status)))
		if f.status == status.Resolved {
			// The incident was over when reported: it ends with its report.
			at := *lookup(first, "at")
			insertAfter(root, "started", "resolved", &at)
		}
	}
	set(root, "issue", intNode(e.issue))

	used := map[string]bool{}
	for _, in := range e.repo.Incidents {
		used[in.ID] = true
	}
	base := sc.Date() + "-" + scaffold.Slug(f.title, string(f.kind))
	id := base
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return e.finish(path.Join(incident.Dir, id+".yaml"), doc, true)
}

// edit applies an edited issue: its title, components, impact (or window)
// and first update's text.
func (e *editor) edit(in *status.Incident, f *fields) (*Result, error) {
	doc, root, err := e.load(in)
	if err != nil {
		return nil, err
	}
	if in.Kind != f.kind {
		return nil, refusef("%s is a%s %s; the issue's label says %s", in.Path, article(in.Kind), in.Kind, f.kind)
	}
	set(root, "title", strNode(f.title))
	set(root, "components", flowNode(f.components))
	if f.kind == status.KindMaintenance {
		w := lookup(root, "window")
		if w == nil || w.Kind != yaml.MappingNode {
			w = &yaml.Node{Kind: yaml.MappingNode}
			set(root, "window", w)
		}
		set(w, "start", timeNode(f.window.Start))
		set(w, "end", timeNode(f.window.End))
	} else {
		set(root, "impact", strNode(string(f.impact)))
	}
	if u := lookup(root, "updates"); u != nil && u.Kind == yaml.SequenceNode && len(u.Content) > 0 {
		set(u.Content[0], "text", textNode(f.text))
	}
	return e.finish(in.Path, doc, false)
}

// close resolves an incident, or completes a maintenance, when its issue
// is closed as completed; nil when it already is.
func (e *editor) close(in *status.Incident, at time.Time) (*Result, error) {
	if in.IsMaintenance() {
		if in.LastStatus() == status.Completed {
			return nil, nil
		}
		return e.update(in, status.Completed, "", at)
	}
	if !in.Resolved.IsZero() {
		return nil, nil
	}
	return e.update(in, status.Resolved, "", at)
}

// command applies a comment's command.
func (e *editor) command(in *status.Incident, c *command, at time.Time) (*Result, error) {
	switch c.name {
	case "postmortem":
		if c.text == "" {
			return nil, refusef("/postmortem is followed by nothing: write the postmortem below the command, in the same comment")
		}
		doc, root, err := e.load(in)
		if err != nil {
			return nil, err
		}
		set(root, "postmortem", textNode(c.text))
		return e.finish(in.Path, doc, false)
	case "resolve":
		s := status.Resolved
		if in.IsMaintenance() {
			s = status.Completed
		}
		return e.update(in, s, c.text, at)
	}
	statuses := status.IncidentStatuses
	if in.IsMaintenance() {
		statuses = status.MaintenanceStatuses
	}
	s := status.UpdateStatus(c.status)
	if !contains(statuses, s) {
		return nil, refusef("/update takes a status, one of %s, then the text; not %q", join(statuses), c.status)
	}
	if c.text == "" {
		return nil, refusef("/update %s is followed by nothing: say what changed, after the status or on the next lines", s)
	}
	return e.update(in, s, c.text, at)
}

// update appends an update; text "" is the usual sentence for a
// resolution or a completion in the site's language.
func (e *editor) update(in *status.Incident, s status.UpdateStatus, text string, at time.Time) (*Result, error) {
	if text == "" {
		text = closing(e.repo.Words, e.repo.Config.Language, s)
	}
	// The same comment applied twice (a re-run of the workflow) is one
	// update: a comment's time, status and text say which it was.
	var latest time.Time
	for _, u := range in.Updates {
		if u.At.Equal(at.Truncate(time.Second)) && u.Status == s && strings.TrimSpace(u.Text) == strings.TrimSpace(text) {
			return &Result{Path: in.Path, Issue: e.issue, Ignored: "this comment is already in " + in.Path}, nil
		}
		if u.At.After(latest) {
			latest = u.At
		}
	}
	doc, root, err := e.load(in)
	if err != nil {
		return nil, err
	}
	item := &yaml.Node{Kind: yaml.MappingNode}
	set(item, "at", timeNode(at))
	set(item, "status", strNode(string(s)))
	set(item, "text", textNode(text))
	updates := lookup(root, "updates")
	if updates == nil || updates.Kind != yaml.SequenceNode {
		updates = &yaml.Node{Kind: yaml.SequenceNode}
		set(root, "updates", updates)
	}
	updates.Content = append(updates.Content, item)
	switch {
	case in.IsMaintenance():
	case s == status.Resolved:
		insertAfter(root, "started", "resolved", timeNode(at))
	case !at.Before(latest):
		// A new stage after a resolution reopens the incident; one older
		// than the last update (a comment whose run came late) does not.
		remove(root, "resolved")
	}
	return e.finish(in.Path, doc, false)
}

// load reads and decodes the file an incident was read from.
func (e *editor) load(in *status.Incident) (doc, root *yaml.Node, err error) {
	if path.Ext(in.Path) != ".yaml" {
		return nil, nil, refusef("%s is a Markdown file: buoy issue updates the YAML files it writes; edit this one by hand", in.Path)
	}
	src, err := fs.ReadFile(e.repo.FS, in.Path)
	if err != nil {
		return nil, nil, err
	}
	doc, root, err = decode(src)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	return doc, root, nil
}

// finish encodes the tree, checks that the file says exactly that tree and
// that buoy check accepts it, and returns it.
func (e *editor) finish(p string, doc *yaml.Node, created bool) (*Result, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	data := b.Bytes()
	if len(data) > maxFile {
		return nil, refusef("%s would be %d KiB, more than the %d KiB an incident file may hold: post a shorter update, or link to a document", p, len(data)>>10, maxFile>>10)
	}
	// The guarantee that no text became structure: what a YAML reader
	// sees in the file is the tree that was built, value for value.
	back, _, err := decode(data)
	if err != nil || !same(doc, back) {
		return nil, fmt.Errorf("%s: the encoded file does not read back as written (%v)", p, err)
	}
	if _, problems := incident.Parse(p, data, e.repo.Config, e.now); len(problems) > 0 {
		return nil, problems.Err()
	}
	return &Result{Issue: e.issue, Path: p, Data: data, Created: created}, nil
}

func decode(src []byte) (doc, root *yaml.Node, err error) {
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, nil, err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("not a YAML mapping")
	}
	return &n, n.Content[0], nil
}

// same compares two trees by kind, tag, key and value, ignoring style,
// comments and positions.
func same(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Value != b.Value || a.ShortTag() != b.ShortTag() || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !same(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set replaces the value of key, keeping the line comment of the old
// value, or appends key when the mapping has none.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v.LineComment = m.Content[i+1].LineComment
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, strNode(key), v)
}

// insertAfter sets key, placing it after the key after when it is new.
func insertAfter(m *yaml.Node, after, key string, v *yaml.Node) {
	if lookup(m, key) != nil {
		set(m, key, v)
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == after {
			rest := append([]*yaml.Node{strNode(key), v}, m.Content[i+2:]...)
			m.Content = append(m.Content[:i+2], rest...)
			return
		}
	}
	set(m, key, v)
}

func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func intNode(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

func timeNode(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format(time.RFC3339)}
}

// textNode is Markdown as a literal block, as buoy new writes it; the
// encoder falls back to a quoted string when a block cannot hold the text.
func textNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: strings.TrimSpace(s) + "\n"}
}

func flowNode(list []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range list {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func article(k status.Kind) string {
	if k == status.KindIncident {
		return "n"
	}
	return ""
}
