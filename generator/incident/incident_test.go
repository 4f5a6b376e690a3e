package incident

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// now is the present of these tests: after every incident they write.
func now() time.Time { return time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC) }

var cfg = &status.Config{Components: []status.Component{{ID: "website", Name: "Website"}, {ID: "api", Name: "API"}}}

func TestParseYAML(t *testing.T) {
	src := `title: Website returns 502
lang: pt-BR
components: [website]
impact: major
affects: { website: major_outage }
started: 2020-04-13T15:31:00Z
detected: 2020-04-13T17:37:18+02:00
updates:
  - at: 2020-04-13T15:37:18Z
    status: investigating
    text: We are looking.
  - at: 2020-04-13T16:02:00Z
    status: resolved
    text: Rolled back.
postmortem: |
  ## Root cause
issue: 18
`
	in, problems := Parse("incidents/2020-04-13-website-502.yaml", []byte(src), cfg, now())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if in.ID != "2020-04-13-website-502" || in.Lang != "pt-BR" || in.Impact != status.ImpactMajor || in.Issue != 18 {
		t.Errorf("incident = %+v", in)
	}
	if want := time.Date(2020, 4, 13, 16, 2, 0, 0, time.UTC); !in.Resolved.Equal(want) {
		t.Errorf("Resolved = %v, want it taken from the resolved update: %v", in.Resolved, want)
	}
	if d, ok := in.TimeToDetect(); !ok || d != 6*time.Minute+18*time.Second {
		t.Errorf("TimeToDetect = %v %v", d, ok)
	}
	if in.Effect("website") != status.MajorOutage || in.Effect("api") != status.Operational {
		t.Errorf("effects: website %v, api %v", in.Effect("website"), in.Effect("api"))
	}
	if tl := in.Timeline(); tl[0].Status != status.Resolved {
		t.Errorf("timeline not newest first: %+v", tl)
	}
}

func TestParseMarkdownWithZone(t *testing.T) {
	src := "---\ntitle: Storage hang\ncomponents: [\"*\"]\nimpact: critical\ntimezone: Europe/Paris\nstarted: 2021-06-01 09:00\nresolved: 2021-06-03T19:00:00+02:00\n---\n\n## What happened\n\nThe storage hung.\n"
	in, problems := Parse("incidents/2021-06-01-storage.md", []byte(src), cfg, now())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if want := time.Date(2021, 6, 1, 7, 0, 0, 0, time.UTC); !in.Started.Equal(want) {
		t.Errorf("Started = %v, want %v (read in Europe/Paris)", in.Started.UTC(), want)
	}
	if len(in.Components) != 2 || in.Effect("api") != status.MajorOutage {
		t.Errorf("\"*\" not expanded: %v", in.Components)
	}
	if !strings.HasPrefix(in.Postmortem, "## What happened") {
		t.Errorf("postmortem = %q", in.Postmortem)
	}
}

func TestParseMaintenance(t *testing.T) {
	src := `title: Power work
kind: maintenance
components: ["*"]
window: { start: 2018-01-10T08:00:00+01:00, end: 2018-01-10T10:00:00+01:00 }
updates:
  - { at: 2018-01-03T12:00:00+01:00, status: scheduled, text: "Planned power cut." }
`
	in, problems := Parse("incidents/2018-01-10-power.yaml", []byte(src), cfg, now())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	before := time.Date(2018, 1, 10, 6, 0, 0, 0, time.UTC)
	during := time.Date(2018, 1, 10, 8, 0, 0, 0, time.UTC)
	after := time.Date(2018, 1, 10, 9, 0, 0, 0, time.UTC)
	if in.Phase(before) != status.PhaseUpcoming || in.Phase(during) != status.PhaseInProgress || in.Phase(after) != status.PhaseCompleted {
		t.Errorf("phases: %v %v %v", in.Phase(before), in.Phase(during), in.Phase(after))
	}
	if in.Effect("website") != status.UnderMaintenance {
		t.Errorf("effect = %v", in.Effect("website"))
	}
}

// Each rule of SPEC.md's incident section, with the exact position.
func TestProblems(t *testing.T) {
	head := "title: T\ncomponents: [website]\n"
	started := "started: 2020-04-13T15:31:00Z\n"
	mhead := "title: M\nkind: maintenance\ncomponents: [website]\n"
	tests := []struct {
		name, file, src, want string
	}{
		{"bad file name", "incidents/outage.yaml", head + started, `incidents/outage.yaml:1:1: incident files are named YYYY-MM-DD-slug.yaml or YYYY-MM-DD-slug.md (slug: a-z, 0-9 and dashes)`},
		{"unknown key", "", head + started + "resolvd: 2020-04-13T16:00:00Z\n", `:4:1: unknown key "resolvd" in incident (did you mean "resolved"?)`},
		{"missing title", "", "components: [website]\n" + started, `:1:1: missing required key "title" in incident`},
		{"missing started", "", head, `:1:1: missing required key "started" in incident`},
		{"missing components", "", "title: T\n" + started, `:1:1: missing required key "components" in incident`},
		{"unknown component", "", "title: T\ncomponents: [website, webiste]\n" + started, `:2:23: unknown component "webiste" (did you mean "website"?)`},
		{"empty component id", "", "title: T\ncomponents: [website, \"\"]\n" + started, `:2:23: component must not be empty`},
		{"blank component id", "", "title: T\ncomponents:\n  - \" \"\n" + started, `:3:5: component must not be empty`},
		{"component listed twice", "", "title: T\ncomponents: [website, api, website]\n" + started, `:2:28: component "website" is listed twice`},
		{"star with others", "", "title: T\ncomponents: ['*', api]\n" + started, `:2:14: "*" means every component; do not list others with it`},
		{"bad impact", "", head + started + "impact: huge\n", `:4:9: impact "huge" is not one of none, minor, major, critical`},
		{"bad kind", "", head + started + "kind: outage\n", `:4:7: kind "outage" is not one of incident, maintenance`},
		{"bad affects state", "", head + started + "affects: {website: down}\n", `:4:20: state "down" is not one of degraded_performance, partial_outage, major_outage, under_maintenance`},
		{"affects key twice", "", head + started + "affects: {website: major_outage, website: degraded_performance}\n", `:4:34: duplicate key "website" in affects`},
		{"affects other component", "", head + started + "affects: {api: major_outage}\n", `:4:11: affects names "api", which is not in this file's components`},
		{"naive time", "", head + "started: 2020-04-13T15:31:00\n", `:3:10: started "2020-04-13T15:31:00" has no UTC offset: add one (2024-03-01T14:05:00+01:00 or ...Z) or set timezone: in this file`},
		{"not a time", "", head + "started: yesterday\n", `:3:10: started "yesterday" is not a timestamp (expected e.g. 2024-03-01T14:05:00Z)`},
		{"unknown zone", "", head + "timezone: Europe/Pariss\nstarted: 2020-04-13 15:31\n", `:3:11: timezone "Europe/Pariss" is not an IANA time zone (e.g. UTC, Europe/Paris)`},
		{"resolved before started", "", head + started + "resolved: 2020-04-13T15:00:00Z\n", `:4:11: resolved (2020-04-13T15:00:00Z) is before started (2020-04-13T15:31:00Z)`},
		{"detected before started", "", head + started + "detected: 2020-04-13T15:00:00Z\n", `:4:11: detected (2020-04-13T15:00:00Z) is before started (2020-04-13T15:31:00Z)`},
		{"update before started", "", head + started + "updates:\n  - at: 2020-04-13T15:00:00Z\n    status: investigating\n    text: x\n", `:5:9: update at 2020-04-13T15:00:00Z is before the incident started (2020-04-13T15:31:00Z)`},
		{"bad update status", "", head + started + "updates:\n  - at: 2020-04-13T15:40:00Z\n    status: fixed\n    text: x\n", `:6:13: status "fixed" is not one of investigating, identified, monitoring, resolved`},
		{"maintenance status on incident", "", head + started + "updates:\n  - {at: 2020-04-13T15:40:00Z, status: scheduled, text: x}\n", `:5:40: status "scheduled" is not one of investigating, identified, monitoring, resolved`},
		{"update missing text", "", head + started + "updates:\n  - {at: 2020-04-13T15:40:00Z, status: identified}\n", `:5:5: missing required key "text" in update`},
		{"window end before start", "", mhead + "window: {start: 2018-01-10T10:00:00Z, end: 2018-01-10T08:00:00Z}\n", `:4:44: window end (2018-01-10T08:00:00Z) is not after its start (2018-01-10T10:00:00Z)`},
		{"maintenance without window", "", mhead, `:1:1: missing required key "window" in maintenance`},
		{"started on maintenance", "", mhead + "window: {start: 2018-01-10T08:00:00Z, end: 2018-01-10T10:00:00Z}\n" + started, `:5:1: unknown key "started" in maintenance`},
		{"incident status on maintenance", "", mhead + "window: {start: 2018-01-10T08:00:00Z, end: 2018-01-10T10:00:00Z}\nupdates:\n  - {at: 2018-01-09T08:00:00Z, status: resolved, text: x}\n", `:6:40: status "resolved" is not one of scheduled, in_progress, completed`},
		{"duplicate key", "", head + started + "title: U\n", `:4:1: duplicate key "title" in incident`},
		{"issue not a number", "", head + started + "issue: \"#18\"\n", `:4:8: issue must be a whole number`},
		{"issue zero", "", head + started + "issue: 0\n", `:4:8: issue must be a whole number of at least 1`},
		{"issue misspelt", "", head + started + "isue: 18\n", `:4:1: unknown key "isue" in incident (did you mean "issue"?)`},
		{"bad lang", "", head + started + "lang: portuguese!\n", `:4:7: lang "portuguese!" is not a BCP 47 language tag such as en, fr or pt-BR`},
		{"front matter position", "incidents/2020-04-13-x.md", "---\n" + head + started + "impact: huge\n---\nbody\n", `:5:9: impact "huge" is not one of none, minor, major, critical`},
		{"md without front matter", "incidents/2020-04-13-x.md", "# Postmortem\n", `:1:1: a Markdown incident starts with YAML front matter between two --- lines`},
		{"postmortem twice", "incidents/2020-04-13-x.md", "---\n" + head + started + "postmortem: a\n---\nbody\n", `:1:1: postmortem is given twice: in the front matter and as the Markdown body; keep one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "incidents/2020-04-13-x.yaml"
			}
			want := tt.want
			if strings.HasPrefix(want, ":") {
				want = file + want
			}
			in, problems := Parse(file, []byte(tt.src), cfg, now())
			if in != nil {
				t.Error("an incident came back despite problems")
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), want)
			}
		})
	}
}

func TestReadDir(t *testing.T) {
	ok := "title: T\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\n"
	fsys := fstest.MapFS{
		"incidents/2020-04-13-a.yaml":    {Data: []byte(ok)},
		"incidents/2020/2020-05-01-b.md": {Data: []byte("---\n" + ok + "---\nbody\n")},
		"incidents/README.md":            {Data: []byte("# How to write incidents\n")},
		"incidents/.hidden/2020-01-01-x": {Data: []byte("ignored")},
		"incidents/2020-04-13-a.md":      {Data: []byte("---\n" + ok + "---\n")},
		"incidents/2020-06-01-bad.yaml":  {Data: []byte("title: T\ncomponents: [nope]\nstarted: 2020-06-01T00:00:00Z\n")},
		"incidents/notes-on-outage.yaml": {Data: []byte(ok)},
	}
	got, problems := ReadDir(fsys, cfg, now())
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.String())
	}
	want := []string{
		`incidents/2020-04-13-a.yaml:1:1: duplicate incident id "2020-04-13-a": incidents/2020-04-13-a.md has the same name`,
		`incidents/2020-06-01-bad.yaml:2:14: unknown component "nope"`,
		`incidents/notes-on-outage.yaml:1:1: incident files are named YYYY-MM-DD-slug.yaml or YYYY-MM-DD-slug.md (slug: a-z, 0-9 and dashes)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if len(got) != 2 {
		t.Errorf("read %d valid incidents, want 2", len(got))
	}
}

func TestReadDirMissingFolder(t *testing.T) {
	got, problems := ReadDir(fstest.MapFS{"status.yaml": {}}, cfg, now())
	if len(got) != 0 || len(problems) != 0 {
		t.Errorf("got %v, %v", got, problems)
	}
}

func TestReadDirIssueTwice(t *testing.T) {
	ok := "title: T\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\nissue: 7\n"
	fsys := fstest.MapFS{
		"incidents/2020-04-13-a.yaml": {Data: []byte(ok)},
		"incidents/2020-04-14-b.yaml": {Data: []byte(ok)},
	}
	_, problems := ReadDir(fsys, cfg, now())
	want := `incidents/2020-04-14-b.yaml:1:1: issue 7 is already the issue of incidents/2020-04-13-a.yaml; one incident per issue`
	if len(problems) != 1 || problems[0].String() != want {
		t.Errorf("problems = %v, want %s", problems, want)
	}
}
