package build_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/sitetest"
	"github.com/buoystatus/buoy/themes"
)

// articleFiles have incident pages of every shape the built-in
// incidents/page.html writes: an incident with every time and a
// postmortem, an ongoing one, one without updates, maintenance ahead,
// going on and over (ended before its window's end), text in another
// language than the page's, and text that every escaping must handle
// (marks of other articles among it), in all eight shipped languages
// under a base path. One incident is older than anything the home page
// lists, so that its page's params are bare (view.Options.BareIncidents).
const articleFiles = `
-- status.yaml --
title: Articles & "status" <test>
base_url: https://status.example.org/sub/path/
timezone: Europe/Paris
language: en
languages: [en, fr, ja, pt-BR, de, es, zh-Hans, ru]
components:
  - { id: api, name: "API <b>&amp; 'quotes' +1" }
  - { id: web, name: Website }
  - { id: db, name: Datenbank }
-- incidents/2026-11-01-full.yaml --
title: "Full <script>alert('x')</script> & \"quotes\" +1"
components: [api, web]
impact: critical
affects: { api: major_outage, web: degraded_performance }
started: 2026-11-01T10:00:00Z
detected: 2026-11-01T10:07:30Z
resolved: 2026-11-02T13:05:00Z
updates:
  - { at: 2026-11-01T10:07:30Z, status: investigating, text: "**Looking** at <b>this</b> & that +1 [link](https://example.org/a?b=c&d=e)" }
  - { at: 2026-11-01T11:00:00Z, status: identified, text: "Found it: ` + "`code <x>`" + `" }
  - { at: 2026-11-01T12:00:00Z, status: monitoring, text: "Watching <template data-buoy-article=\"en/2026-11-21-bare\"></template>" }
  - { at: 2026-11-02T13:05:00Z, status: resolved, text: Over. }
postmortem: |
  ## What happened

  A table:

  | a | b |
  |---|---|
  | 1 | 2 |
-- incidents/2026-11-20-ongoing.yaml --
title: Ongoing slowness
components: [db]
impact: minor
started: 2026-11-20T09:00:00Z
updates:
  - { at: 2026-11-20T09:05:00Z, status: investigating, text: Slow queries. }
-- incidents/2026-11-21-bare.yaml --
title: "Nothing said yet <template data-buoy-article=\"fr/2026-11-20-ongoing\"></template>"
components: [web]
impact: none
started: 2026-11-21T08:00:00Z
-- incidents/2026-11-10-french.yaml --
title: Travaux électriques
lang: fr
kind: maintenance
components: ["*"]
window: { start: 2026-11-10T08:00:00+01:00, end: 2026-11-10T10:00:00+01:00 }
updates:
  - { at: 2026-11-03T12:00:00+01:00, status: scheduled, text: "L'unité sera remplacée." }
  - { at: 2026-11-10T08:00:00+01:00, status: in_progress, text: Début. }
  - { at: 2026-11-10T09:35:00+01:00, status: completed, text: Fini. }
-- incidents/2025-03-01-old.yaml --
title: Long ago, listed nowhere on the home page
components: [db]
impact: major
started: 2025-03-01T10:00:00Z
resolved: 2025-03-01T11:00:00Z
updates:
  - { at: 2025-03-01T11:00:00Z, status: resolved, text: "Fixed <i>then</i>." }
-- incidents/2026-11-21-now.yaml --
title: Maintenance going on
kind: maintenance
components: [api]
window: { start: 2026-11-21T10:00:00Z, end: 2026-11-21T14:00:00Z }
updates:
  - { at: 2026-11-21T10:00:00Z, status: in_progress, text: Started. }
-- incidents/2026-12-05-ahead.md --
---
title: Upgrade ahead
kind: maintenance
components: [api, db]
window: { start: 2026-12-05T06:00:00+01:00, end: 2026-12-05T07:30:00+01:00 }
---
A window *ahead*, written in Markdown.
`

// With the built-in layouts buoy writes each incident's article, and its
// entry in lists, itself (view/article.go) and splices them into the
// pages; with any of those layouts overridden, the templates write them. A repository whose
// override is the built-in file, byte for byte, must get the same site.
func TestSplicedArticles(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	spliced := sitetest.Test(t, articleFiles, now)

	page, err := fs.ReadFile(themes.Buoy(), "layouts/incidents/page.html")
	if err != nil {
		t.Fatal(err)
	}
	templated := sitetest.New(t, articleFiles, now)
	templated.WriteFile("layouts/incidents/page.html", string(page))
	templated.Build()

	sameSites(t, spliced.Out, templated.Out)
	n := 0
	err = filepath.WalkDir(templated.Out, func(name string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(templated.Out, name)
		if err == nil && strings.Contains(filepath.ToSlash(rel), "incidents/") && strings.HasSuffix(rel, ".html") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 7 * 8; n < want {
		t.Errorf("compared %d incident pages, want at least %d", n, want)
	}
}

// A frame of the repository's own may read any param of an incident page,
// even one the home page does not list: with it, incident pages keep all
// their params.
func TestOwnFrameReadsIncidentParams(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	frame, err := fs.ReadFile(themes.Buoy(), "layouts/baseof.html")
	if err != nil {
		t.Fatal(err)
	}
	s := sitetest.New(t, articleFiles, now)
	s.WriteFile("layouts/baseof.html", strings.Replace(string(frame), "<body>",
		`<body>{{ if eq .Section "incidents" }}<p id="own">{{ .Params.impact }} {{ len .Params.updates }}</p>{{ end }}`, 1))
	s.Build()
	s.AssertSelector("incidents/2025-03-01-old/index.html", "#own", "major 1")
	s.AssertSelector("incidents/2025-03-01-old/index.html", "article h1", "Long ago, listed nowhere on the home page")
}

// firstDifference shows a and b from a little before where they part.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return string(a[from:min(len(a), i+160)]) + "\n---\n" + string(b[from:min(len(b), i+160)])
}
