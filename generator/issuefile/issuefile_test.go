package issuefile

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/incident"
	"github.com/buoystatus/buoy/generator/status"
)

var now = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func config() *status.Config {
	return &status.Config{BaseURL: "https://status.example.org/", Language: "en", Location: time.UTC,
		Components: []status.Component{{ID: "website", Name: "Website"}, {ID: "api", Name: "API"}}}
}

func opened(number int, title, text string) *Event {
	body := "### Affected components\n\n- [X] API (api)\n\n### Impact\n\nmajor\n\n### What is happening\n\n" + text
	return &Event{Action: "opened", Issue: Issue{Number: number, Title: title, Body: &body,
		Labels: []Label{{Name: "incident"}}, AuthorAssociation: "MEMBER", CreatedAt: now.Add(-time.Hour)}}
}

// TestTextStaysText writes hostile text as a title, a first update and a
// comment, and reads the file back with the incident parser: each arrives
// as the same text, and nothing else in the incident changed.
func TestTextStaysText(t *testing.T) {
	hostile := []string{
		"resolved: 2020-01-01T00:00:00Z",
		"---\nimpact: none\n...",
		"&anchor x\n*anchor\n!!binary aGVsbG8=\n!<tag:yaml.org,2002:int> 3",
		"a: b\n  - at: 2020-01-01T00:00:00Z\n    status: resolved\n    text: x",
		"$(rm -rf /) `id` ${HOME} ; | & > <",
		"\"unbalanced 'quotes\n# not a comment\n%YAML 1.1",
		"ends with a colon:\n\n\n\nblank lines between",
		"line\u2028separator and\u2029paragraph\ufeff mark",
		"tab\tinside and    \nspaces before a newline",
	}
	for _, text := range hostile {
		res, err := Apply(opened(3, "Outage", text), Repo{Config: config(), FS: fstest.MapFS{}}, now)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		in, problems := incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 {
			t.Fatalf("%q: %v", text, problems)
		}
		if got := strings.TrimSpace(in.Updates[0].Text); got != strings.TrimSpace(text) {
			t.Errorf("text %q came back as %q", text, got)
		}
		if !in.Resolved.IsZero() || in.Impact != status.ImpactMajor || len(in.Updates) != 1 || in.Issue != 3 {
			t.Errorf("%q changed the incident: %+v\n%s", text, in, res.Data)
		}

		// The same text as a title (one line of it) and in a comment.
		title := strings.ReplaceAll(text, "\n", " ")
		res, err = Apply(opened(3, title, "x"), Repo{Config: config(), FS: fstest.MapFS{}}, now)
		if err != nil {
			t.Fatalf("title %q: %v", title, err)
		}
		in, problems = incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 || in.Title != strings.TrimSpace(title) {
			t.Errorf("title %q came back as %q (%v)", title, in.Title, problems)
		}
		fsys := fstest.MapFS{res.Path: {Data: res.Data}}
		ev := &Event{Action: "created", Issue: opened(3, "Outage", "x").Issue,
			Comment: &Comment{Body: "/update identified\n" + text, AuthorAssociation: "OWNER", CreatedAt: now.Add(-time.Minute)}}
		res, err = Apply(ev, Repo{Config: config(), Incidents: []status.Incident{*in}, FS: fsys}, now)
		if err != nil {
			t.Fatalf("comment %q: %v", text, err)
		}
		in, problems = incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 || len(in.Updates) != 2 || strings.TrimSpace(in.Updates[1].Text) != strings.TrimSpace(text) || !in.Resolved.IsZero() {
			t.Errorf("comment %q: %+v %v\n%s", text, in, problems, res.Data)
		}
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		body string
		want *command
	}{
		{"/update identified Found it.\nMore.", &command{name: "update", status: "identified", text: "Found it.\nMore."}},
		{"\n  /update   monitoring  \n\nWatching.", &command{name: "update", status: "monitoring", text: "Watching."}},
		{"/resolve", &command{name: "resolve"}},
		{"/postmortem\n## Cause\n", &command{name: "postmortem", text: "## Cause"}},
		{"I will /update later", nil},
		{"/updated identified x", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got, ok := parseCommand(tt.body)
		if ok != (tt.want != nil) || ok && *got != *tt.want {
			t.Errorf("parseCommand(%q) = %+v, %v; want %+v", tt.body, got, ok, tt.want)
		}
	}
}

// TestFileLimit refuses the update that would take a file past what
// buoy reads, rather than writing a file buoy check rejects.
func TestFileLimit(t *testing.T) {
	res, err := Apply(opened(4, "Outage", "x"), Repo{Config: config(), FS: fstest.MapFS{}}, now)
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("a line of a long update\n", (MaxText-100)/24)
	for i := 0; ; i++ {
		in, problems := incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		ev := &Event{Action: "created", Issue: opened(4, "Outage", "x").Issue,
			Comment: &Comment{Body: "/update identified\n" + big, AuthorAssociation: "OWNER", CreatedAt: now.Add(-time.Hour + time.Duration(i)*time.Second)}}
		next, err := Apply(ev, Repo{Config: config(), Incidents: []status.Incident{*in}, FS: fstest.MapFS{res.Path: {Data: res.Data}}}, now)
		var refusal *Refusal
		if errors.As(err, &refusal) {
			if !strings.Contains(refusal.Msg, "more than the 1024 KiB an incident file may hold") || len(res.Data) > maxFile {
				t.Errorf("after %d updates of %d bytes: %v", i, len(big), err)
			}
			return
		}
		if err != nil || i > 40 {
			t.Fatalf("update %d: %v", i, err)
		}
		res = next
	}
}

// TestReopen: a new stage after /resolve reopens the incident, and closing
// the issue resolves it again.
func TestReopen(t *testing.T) {
	repo := func(res *Result) Repo {
		in, problems := incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 {
			t.Fatalf("%v\n%s", problems, res.Data)
		}
		return Repo{Config: config(), Incidents: []status.Incident{*in}, FS: fstest.MapFS{res.Path: {Data: res.Data}}}
	}
	comment := func(body string, minutes int) *Event {
		return &Event{Action: "created", Issue: opened(5, "Outage", "x").Issue,
			Comment: &Comment{Body: body, AuthorAssociation: "COLLABORATOR", CreatedAt: now.Add(time.Duration(minutes-60) * time.Minute)}}
	}
	res, err := Apply(opened(5, "Outage", "x"), Repo{Config: config(), FS: fstest.MapFS{}}, now)
	for _, ev := range []*Event{comment("/resolve", 10), comment("/update investigating It is back.", 20)} {
		if err != nil {
			t.Fatal(err)
		}
		res, err = Apply(ev, repo(res), now)
	}
	if err != nil {
		t.Fatal(err)
	}
	if r := repo(res); !r.Incidents[0].Resolved.IsZero() || strings.Contains(string(res.Data), "\nresolved:") {
		t.Fatalf("still resolved after a new stage:\n%s", res.Data)
	}
	closed := opened(5, "Outage", "x")
	closed.Action, closed.Issue.ClosedAt = "closed", now.Add(-5*time.Minute)
	reason := "completed"
	closed.Issue.StateReason = &reason
	res, err = Apply(closed, repo(res), now)
	if err != nil {
		t.Fatal(err)
	}
	if in := repo(res).Incidents[0]; !in.Resolved.Equal(now.Add(-5*time.Minute)) || len(in.Updates) != 4 {
		t.Errorf("closing: resolved %v, %d updates\n%s", in.Resolved, len(in.Updates), res.Data)
	}
}

// TestRerunAndLateComment: the same comment applied twice (a workflow run
// again) is one update, and an /update whose run comes after a later
// /resolve's keeps the incident resolved.
func TestRerunAndLateComment(t *testing.T) {
	res, err := Apply(opened(7, "Outage", "x"), Repo{Config: config(), FS: fstest.MapFS{}}, now)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(body string, at time.Time) *Result {
		t.Helper()
		in, problems := incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		ev := &Event{Action: "created", Issue: opened(7, "Outage", "x").Issue,
			Comment: &Comment{Body: body, AuthorAssociation: "OWNER", CreatedAt: at}}
		next, err := Apply(ev, Repo{Config: config(), Incidents: []status.Incident{*in}, FS: fstest.MapFS{res.Path: {Data: res.Data}}}, now)
		if err != nil {
			t.Fatal(err)
		}
		return next
	}
	identified := now.Add(-20 * time.Minute)
	res = apply("/update identified The disk is full.", identified)
	if again := apply("/update identified The disk is full.", identified); again.Ignored == "" || again.Data != nil {
		t.Fatalf("a comment applied again gave %q, want it ignored", again.Data)
	}
	res = apply("/resolve", now.Add(-5*time.Minute))
	res = apply("/update monitoring Watching the disk.", now.Add(-10*time.Minute))
	in, problems := incident.Parse(res.Path, res.Data, config(), now)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if in.Resolved.IsZero() {
		t.Errorf("a late /update older than the resolution reopened the incident:\n%s", res.Data)
	}
	if n := len(in.Updates); n != 4 {
		t.Errorf("%d updates, want 4 (opened, identified, resolved, monitoring):\n%s", n, res.Data)
	}
}
