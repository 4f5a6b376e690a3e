package incident

import (
	"testing"

	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
)

// fuzzParse checks what Parse promises for any bytes: an incident or
// problems, never both; every problem at a line of this file; and an
// accepted incident holds only text and no time of the future.
func fuzzParse(t *testing.T, file string, data []byte) {
	in, problems := Parse(file, data, cfg, now())
	if (in == nil) == (len(problems) == 0) {
		t.Fatalf("incident %v with problems %v", in, problems)
	}
	for _, p := range problems {
		if p.Path != file || p.Line < 1 || p.Col < 0 {
			t.Fatalf("problem without a position in %s: %+v", file, p)
		}
	}
	if in == nil {
		return
	}
	texts := []string{in.Title, in.Postmortem, in.Lang}
	for _, u := range in.Updates {
		texts = append(texts, u.Text)
	}
	for _, s := range texts {
		if off, what, bad := safetext.Bad(s); bad {
			t.Fatalf("accepted text %q holds %s at %d", s, what, off)
		}
	}
	limit := now().Add(Slack)
	for _, at := range []struct {
		name string
		t    bool
	}{
		{"started", in.Started.After(limit)},
		{"detected", in.Detected.After(limit)},
		{"resolved", in.Resolved.After(limit)},
	} {
		if at.t {
			t.Fatalf("accepted %s in the future: %+v", at.name, in)
		}
	}
	for _, u := range in.Updates {
		if u.Status != status.Scheduled && u.At.After(limit) {
			t.Fatalf("accepted an update in the future: %+v", u)
		}
	}
}

func FuzzParseYAML(f *testing.F) {
	fuzzFile(f, "incidents/2020-04-13-x.yaml",
		"title: Website returns 502\ncomponents: [website]\nimpact: major\naffects: { website: major_outage }\nstarted: 2020-04-13T15:31:00Z\nresolved: 2020-04-13T16:02:00Z\nupdates:\n  - at: 2020-04-13T15:37:18Z\n    status: investigating\n    text: We are looking.\npostmortem: |\n  ## Root cause\n",
		"title: M\nkind: maintenance\ncomponents: ['*']\ntimezone: Europe/Paris\nwindow: {start: 2030-01-10 08:00, end: 2030-01-10 10:00}\nupdates:\n  - {at: 2021-01-09T08:00:00Z, status: scheduled, text: x}\n",
		"\uFEFFtitle: \"a\\x01\\uFFFE\"\ncomponents: [website, api]\nstarted: 2099-01-01T00:00:00Z\n",
		"title: &a x\ncomponents: *a\nstarted: [1, {2: 3}]\n---\nb: c\n",
		"title: x\x1b[31m\ncomponents: [website]\nstarted: 2020-01-01T00:00:00Z\r\n",
	)
}

func FuzzParseMarkdown(f *testing.F) {
	fuzzFile(f, "incidents/2020-04-13-x.md",
		"---\ntitle: Storage\ncomponents: [api]\nstarted: 2021-06-01T08:00:00Z\n---\n## Root cause\n\nThe *disk*.\n",
		"\uFEFF---\r\ntitle: T\r\ncomponents: [website]\r\nstarted: 2020-01-01T00:00:00Z\r\n---\r\nbody\r\n",
		"---\n---\n",
		"---\ntitle: T\n---",
		"---\ntitle: T\ncomponents: [website]\nstarted: 2020-01-01T00:00:00Z\n---\nbad \xff byte and \x0c feed\n",
	)
}

// fuzzFile fuzzes the parse of an incident file at path, its kind by its
// extension, from seeds.
func fuzzFile(f *testing.F, path string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, path, data) })
}
