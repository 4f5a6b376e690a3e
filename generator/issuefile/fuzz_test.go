package issuefile

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/buoystatus/buoy/generator/incident"
)

// FuzzText: whatever an issue's title and text hold, buoy issue either
// refuses them or writes a file buoy check accepts, holding that title and
// that text and nothing more.
func FuzzText(f *testing.F) {
	f.Add("Outage", "resolved: 2020-01-01T00:00:00Z\n---\n&a\n!!binary x")
	f.Add("$(rm -rf /)", "`id`")
	f.Add("  x", "   leading spaces\n  and less")
	f.Add("- a", "- [X] Website (website)\n### Impact\n\nnone")
	f.Fuzz(func(t *testing.T, title, text string) {
		res, err := Apply(opened(9, title, text), Repo{Config: config(), FS: fstest.MapFS{}}, now)
		var refusal *Refusal
		if errors.As(err, &refusal) {
			return
		}
		if err != nil {
			t.Fatalf("title %q text %q: %v", title, text, err)
		}
		in, problems := incident.Parse(res.Path, res.Data, config(), now)
		if len(problems) > 0 {
			t.Fatalf("%v\n%s", problems, res.Data)
		}
		if in.Title != strings.TrimSpace(title) || in.Issue != 9 || len(in.Updates) != 1 || !in.Resolved.IsZero() {
			t.Fatalf("title %q text %q gave %+v", title, text, in)
		}
		// The form's section ends at the next heading; what is before it is the text.
		want := strings.TrimSpace(readForm("### What is happening\n\n" + lf(text))[headText])
		if got := strings.TrimSpace(in.Updates[0].Text); got != want {
			t.Fatalf("text %q came back as %q", want, got)
		}
	})
}
