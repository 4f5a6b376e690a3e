package build_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// edgy is the hardest text buoy check lets through: markup, CDATA's end,
// iCalendar's separators, a direction override, isolates, a line
// separator, a zero-width no-break space and astral characters.
const edgy = "<b>&amp;]]>;,\\ \u202eevil\u2069 \u2066x\u2069 \u2028 \ufeff🛟"

// Every string field holds edgy text: every output of a real build parses
// (XML strictly, feeds as a reader does, JSON, iCalendar), and the user's
// text next to buoy's own words is isolated from them.
func TestBuildEdgyText(t *testing.T) {
	q := edgy
	yq := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(q) + `"`
	s := sitetest.Test(t, `
-- status.yaml --
title: `+yq+`
description: `+yq+`
base_url: https://status.example.org/
components:
  - { id: web, name: `+yq+`, group: `+yq+`, description: `+yq+` }
-- incidents/2024-05-01-down.yaml --
title: `+yq+`
components: [web]
started: 2024-05-01T20:10:00Z
updates:
  - { at: 2024-05-01T20:30:00Z, status: investigating, text: `+yq+` }
postmortem: `+yq+`
-- incidents/2099-06-01-move.md --
---
title: `+yq+`
kind: maintenance
components: [web]
window: { start: 2099-06-01T01:00:00Z, end: 2099-06-01T03:00:00Z }
updates:
  - { at: 2024-04-20T09:00:00Z, status: scheduled, text: `+yq+` }
---
`+q+`
`, now)
	out := s.Out
	counts := map[string]int{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		counts[filepath.Ext(p)]++
		if err := outputtest.Valid(filepath.ToSlash(rel), b); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".xml", ".svg", ".json", ".ics", ".html"} {
		if counts[ext] == 0 {
			t.Errorf("no %s file built", ext)
		}
	}

	// Where buoy's words stand next to the user's, the user's are isolated.
	// (The HTML minifier drops the spaces around a line separator.)
	name := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", " \u2028 ", "\u2028").Replace(q)
	s.AssertFileContent("index.html",
		`<a class="brand" href="./index.html" dir="auto">`+name+`</a>`,
		`<h3 dir="auto">`+name+`</h3>`,
		`<a href="./components/web/index.html" dir="auto">`+name+`</a> <span class="state`,
		`aria-label="`+"\u2068"+name+"\u2069: uptime")
	s.AssertFileContent("incidents/2024-05-01-down/index.html",
		"<title>\u2068"+name+"\u2069 · \u2068"+name+"\u2069</title>",
		`<h1 dir="auto">`+name+`</h1>`,
		`<a href="../../components/web/index.html" dir="auto">`+name+`</a> <span class="state`,
		`<div class="md" dir="auto">`)
	s.AssertFileContent("components/web/index.html", `<h1 dir="auto">`+name+`</h1>`, `<p dir="auto">`+name+`</p>`, `<dd dir="auto">`+name+`</dd>`)
}
