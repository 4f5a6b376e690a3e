package sitetest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// recorder is a testing.TB whose Errorf is kept, to see an assertion fail.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestAssertContent(t *testing.T) {
	const page = `<h1>Title</h1><p>first</p><p>second</p>`
	for _, tc := range []struct {
		matches []string
		fails   []string
	}{
		{[]string{"<h1>Title</h1>", "first", "second"}, nil},
		{[]string{"Title", "! third", "second"}, nil},
		{[]string{"second", "first"}, []string{`page: "first" is out of order`}},
		{[]string{"third"}, []string{`page: missing "third"`}},
		{[]string{"! second"}, []string{`page: must not contain "second"`}},
		// A negation is checked against the whole page, not what is left.
		{[]string{"second", "! first"}, []string{`page: must not contain "first"`}},
	} {
		r := &recorder{TB: t}
		sitetest.AssertContent(r, "page", page, tc.matches...)
		if !slices.Equal(r.errs, tc.fails) {
			t.Errorf("%q: failures %q, want %q", tc.matches, r.errs, tc.fails)
		}
	}
}

const files = `
-- status.yaml --
title: Harness status
base_url: https://status.example.org/
components:
  - { id: web, name: Website }
  - { id: db, name: Database }
-- incidents/2024-05-01-web-down.yaml --
title: Website down
components: [web]
impact: major
started: 2024-05-01T20:10:00Z
updates:
  - { at: 2024-05-01T20:30:00Z, status: investigating, text: "Looking." }
`

// One real build checks what the assertions see, and that each of them
// fails when the site is not what it says.
func TestSite(t *testing.T) {
	s := sitetest.Test(t, files, time.Date(2024, 5, 1, 22, 0, 0, 0, time.UTC))
	s.AssertFileContent("index.html", `<html lang="en">`, "Website down", "! Website up")
	s.AssertFileExists("index.html", true)
	s.AssertFileExists("incidents/2024-05-01-web-down/index.html", true)
	s.AssertFileExists("incidents/index.html", false)
	s.AssertSelector("incidents/2024-05-01-web-down/index.html", "h1", "Website down")
	s.AssertSelector("index.html", "#active", "Active incidents")
	s.AssertSelector("index.html", "! blink")
	s.AssertAttr("index.html", `link[rel="canonical"]`, "href", "https://status.example.org/")

	r := &recorder{TB: t}
	bad := *s
	bad.T = r
	bad.AssertFileContent("index.html", "Website up")
	bad.AssertFileExists("index.html", false)
	bad.AssertFileExists("incidents", true)
	bad.AssertFileExists("nothing.html", true)
	bad.AssertSelector("index.html", "blink")
	bad.AssertSelector("index.html", "! html")
	bad.AssertSelector("incidents/2024-05-01-web-down/index.html", "h1", "Website up")
	bad.AssertAttr("index.html", `link[rel="canonical"]`, "href", "https://elsewhere.example/")
	if len(r.errs) != 8 {
		t.Errorf("%d failures of 8:\n%q", len(r.errs), r.errs)
	}

	// A later clock, and a change to the repository, build again.
	s.WriteFile("incidents/2024-05-01-web-down.yaml", "title: Website down\ncomponents: [web]\nimpact: major\nstarted: 2024-05-01T20:10:00Z\nresolved: 2024-05-01T23:00:00Z\n")
	s.Now = time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
	s.Build()
	s.AssertSelector("index.html", "! #active")
	s.AssertFileContent("incidents/2024-05-01-web-down/index.html", "Resolved", "! Ongoing")

	// A failing build reports its error and leaves the site.
	s.WriteFile("status.yaml", "title: [\n")
	if err := s.BuildE(); err == nil {
		t.Error("a broken status.yaml built")
	}
	s.AssertFileContent("index.html", "Harness status")
}
