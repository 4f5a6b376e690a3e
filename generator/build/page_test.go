package build_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// The page answers "is it down, since when" without contradicting itself
// (issue 16): each test builds a real site and reads public/.

// activeOnlyFiles is a new site whose one incident is still going on.
const activeOnlyFiles = `
-- status.yaml --
title: Active status
base_url: https://status.example.org/
timezone: UTC
components:
  - { id: api, name: API }
  - { id: web, name: Website }
-- incidents/2026-11-12-db-slow.yaml --
title: Database slow
impact: major
components: [api]
started: 2026-11-12T10:00:00Z
updates:
  - { at: 2026-11-12T10:00:00Z, status: investigating, text: Looking. }
`

func TestActiveIncidentIsNotDenied(t *testing.T) {
	s := sitetest.Test(t, activeOnlyFiles, probedNow)
	home := s.FileContent("index.html")
	sitetest.AssertContent(t, "home", home, `<h2 id="active">`, `Database slow`, `No other incidents in the last 90 days.`)
	sitetest.AssertContent(t, "home", home, `! No incidents in the last`)

	// With nothing going on, the plain sentence.
	quiet := sitetest.Test(t, strings.Split(activeOnlyFiles, "-- incidents/")[0], probedNow)
	sitetest.AssertContent(t, "quiet home", quiet.FileContent("index.html"), `No incidents in the last 90 days.`)
}

func TestProbeOutageSaysSinceWhen(t *testing.T) {
	s := sitetest.New(t, probedFiles, probedNow)
	writeProbeHistory(t, s.Dir)
	s.Build()
	// web's first failed round of the three that made it down ran at 11:50.
	since := `since <time datetime="2026-11-12T11:50:00Z" title="November 12, 2026 at 11:50` + nnbsp + `am UTC">11:50` + nnbsp + `am UTC</time>`
	home := s.FileContent("index.html")
	sitetest.AssertContent(t, "home", home, `Website</a> <span class="state state-major_outage">`, `<span class="uptime">`+since+` · 99.65% uptime`)
	// api failed twice of the three rounds its down_after asks: up, so no "since".
	apiRow := home[strings.Index(home, `Public API</a>`):]
	apiRow = apiRow[:strings.Index(apiRow, `</li>`+"\n<li")]
	sitetest.AssertContent(t, "api row", apiRow, "! since")

	page := s.FileContent("components/web/index.html")
	sitetest.AssertContent(t, "web page", page,
		`<p class="current"><span class="state state-major_outage"><span class="shape" aria-hidden="true"></span>Major outage</span> <span class="meta">`+since+`</span></p>`,
		// The probe's row: its state and since when, then what the last
		// round saw, without saying "Down" twice.
		`Down</span> <span class="meta">`+since+`</span></td>`,
		`<td>HTTP 502 · at <time`,
	)
	sitetest.AssertContent(t, "web page", page, `! Down: HTTP 502`)
	sitetest.AssertContent(t, "api page", s.FileContent("components/api/index.html"), `<td>Down: timeout after 10s · at <time`)

	// The API: the component's state changed when the outage began.
	sitetest.AssertContent(t, "components.json", s.FileContent("api/v2/components.json"),
		`"name": "Website",
      "status": "major_outage",
      "created_at": "2026-11-12T11:50:00.000Z",
      "updated_at": "2026-11-12T11:50:00.000Z"`)
	// The badge says it too.
	sitetest.AssertContent(t, "badge", s.FileContent("badge/web.json"), `"message": "major outage since 11:50 UTC"`)
	sitetest.AssertContent(t, "badge", s.FileContent("badge/api.json"), `"message": "operational"`)
}

func TestNoColourBeforeTheSiteBegan(t *testing.T) {
	// An unprobed component of a site whose oldest incident began two days
	// ago: grey before that day, green from it on.
	s := sitetest.Test(t, activeOnlyFiles, probedNow.Add(48*time.Hour))
	home := s.FileContent("index.html")
	sitetest.AssertContent(t, "home", home,
		`<ol class="bars" aria-label="`+"\u2068Website\u2069"+`: uptime, last 90 days">`,
		`<li class="nd" style="--n:87"><span>Aug 17, 2026 – Nov 11, 2026: no data</span></li>`,
		`<li class="op" style="--n:3"><span>Nov 12, 2026 – Nov 14, 2026: no incidents</span></li>`,
		// Both ends of the bar in words.
		`<span class="ends" aria-hidden="true"><span>90 days ago</span><span>Today</span></span>`,
	)
}

func TestIncidentPageAgreesWithHome(t *testing.T) {
	// web is down by its probes while an incident says partial outage:
	// the incident page shows the state the home page shows.
	files := probedFiles + `
-- incidents/2026-11-12-web.yaml --
title: Web errors
impact: minor
components: [web]
affects: { web: partial_outage }
started: 2026-11-12T11:00:00Z
updates:
  - { at: 2026-11-12T11:00:00Z, status: investigating, text: Looking. }
-- incidents/2026-11-10-old.yaml --
title: Old trouble
impact: major
components: [api]
affects: { api: major_outage }
started: 2026-11-10T09:00:00Z
resolved: 2026-11-10T10:35:00Z
updates:
  - { at: 2026-11-10T09:00:00Z, status: investigating, text: Looking. }
  - { at: 2026-11-10T10:35:00Z, status: resolved, text: Fixed. }
`
	s := sitetest.New(t, files, probedNow)
	writeProbeHistory(t, s.Dir)
	s.Build()
	sitetest.AssertContent(t, "home", s.FileContent("index.html"), `Website</a> <span class="state state-major_outage">`)
	sitetest.AssertContent(t, "ongoing incident", s.FileContent("incidents/2026-11-12-web/index.html"),
		`Website</a> <span class="state state-major_outage">`)
	// Over, an incident says what it did, in the past.
	old := s.FileContent("incidents/2026-11-10-old/index.html")
	sitetest.AssertContent(t, "resolved incident", old,
		// A duration never wraps inside.
		`<span class="dur">1 h 35 min</span>`,
		`Public API</a> <span><span class="state state-major_outage"><span class="shape" aria-hidden="true"></span>Major outage</span> <span class="meta">during this incident</span></span>`)
}

// TestReaderTimeScript: times are written in the site's zone, the zone
// named, and one small script file with its SHA-384 as integrity (no
// inline script) shows them in the reader's zone.
func TestReaderTimeScript(t *testing.T) {
	s := sitetest.Test(t, activeOnlyFiles, probedNow)
	home := s.FileContent("index.html")
	sitetest.AssertContent(t, "home", home, `<p>Times are shown in <span class="tz">UTC</span>.</p>`)
	m := regexp.MustCompile(`<script src="\./(js/time\.min\.[0-9a-f]+\.js)" integrity="sha384-([^"]+)" defer></script>`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("no time script with integrity in the home page")
	}
	js := s.FileContent(m[1])
	sum := sha512.Sum384([]byte(js))
	if want := strings.ReplaceAll(m[2], "&#43;", "+"); base64.StdEncoding.EncodeToString(sum[:]) != want {
		t.Errorf("integrity sha384-%s does not match %s", want, m[1])
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(js))
	w.Close()
	if gz.Len() > 1024 {
		t.Errorf("%s is %d bytes gzipped, over 1 KB", m[1], gz.Len())
	}
	// Every page: no inline script, the ongoing duration marked for the
	// script with the incident's start.
	inline := regexp.MustCompile(`<script(?:\s[^>]*)?>`)
	for _, page := range []string{"index.html", "incidents/2026-11-12-db-slow/index.html", "components/api/index.html", "history/index.html", "404.html"} {
		for _, tag := range inline.FindAllString(s.FileContent(page), -1) {
			if !strings.Contains(tag, " src=") {
				t.Errorf("%s: inline script %s", page, tag)
			}
		}
	}
	sitetest.AssertContent(t, "incident", s.FileContent("incidents/2026-11-12-db-slow/index.html"),
		`<dt>Duration so far</dt><dd data-since="2026-11-12T10:00:00Z"><span class="dur">2 h</span></dd>`)
}

// TestEmbed: embed.js (under 3 KB gzipped, its words in the site's
// language) and embed.html, which lists what is going on now and nothing
// when all is well.
func TestEmbed(t *testing.T) {
	s := sitetest.Test(t, activeOnlyFiles, probedNow)
	js := s.FileContent("embed.js")
	sitetest.AssertContent(t, "embed.js", js, `"dismiss":"Dismiss"`, `api/v2/summary.json`)
	sitetest.AssertContent(t, "embed.js", js, "! __WORDS__")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(js))
	w.Close()
	if gz.Len() > 3072 {
		t.Errorf("embed.js is %d bytes gzipped, over 3 KB", gz.Len())
	}
	sitetest.AssertContent(t, "embed.html", s.FileContent("embed.html"),
		`<html lang="en">`, `<title>Status of Active status</title>`,
		`<section aria-label="Status of Active status"><ul><li class="i-major"><strong>Incident:</strong> <a href="./incidents/2026-11-12-db-slow/index.html" target="_top" dir="auto">Database slow</a></li></ul></section>`)

	quiet := sitetest.Test(t, strings.Split(activeOnlyFiles, "-- incidents/")[0]+"language: fr\n", probedNow)
	page := quiet.FileContent("embed.html")
	sitetest.AssertContent(t, "quiet embed.html", page, `<html lang="fr">`, "<body>\n\n</body>")
	sitetest.AssertContent(t, "quiet embed.html", page, "! <section")
	sitetest.AssertContent(t, "French embed.js", quiet.FileContent("embed.js"), `"dismiss":"Fermer"`)
}

// TestHistoryListsEntries: the history page lists incidents themselves,
// newest first under their month, 30 to a page, each page linking the
// next; a month cut by a page break goes on under its heading.
func TestHistoryListsEntries(t *testing.T) {
	files := strings.Split(activeOnlyFiles, "-- incidents/")[0]
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range 65 {
		at := start.Add(time.Duration(i) * 72 * time.Hour) // every three days, January to July
		id := fmt.Sprintf("%s-n%02d", at.Format("2006-01-02"), i)
		files += fmt.Sprintf("-- incidents/%s.yaml --\ntitle: Trouble %02d\nimpact: minor\ncomponents: [web]\nstarted: %s\nresolved: %s\nupdates:\n  - { at: %s, status: resolved, text: Fixed. }\n",
			id, i, at.Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339))
	}
	s := sitetest.Test(t, files, probedNow)
	first := s.FileContent("history/index.html")
	sitetest.AssertContent(t, "history page 1", first,
		`<h2 id="m2026-07"><a href="../history/2026-07/index.html">July 2026</a>`,
		`Trouble 64`, `Trouble 63`,
		`<h2 id="m2026-06"><a href="../history/2026-06/index.html">June 2026</a>`,
		`Trouble 60`,
		`<h2 id="m2026-04"><a href="../history/2026-04/index.html">April 2026</a>`,
		`Trouble 35`,
		`<li aria-current="page">Page 1 of 3</li>`,
		`<li><a rel="next" href="../history/page/2/index.html">Older</a></li>`)
	sitetest.AssertContent(t, "history page 1", first, "! Trouble 34", `! rel="prev"`)
	if n := strings.Count(first, `<li class="entry `); n != 30 {
		t.Errorf("history page 1 lists %d entries, want 30", n)
	}
	second := s.FileContent("history/page/2/index.html")
	sitetest.AssertContent(t, "history page 2", second,
		`<title>Incident history · Page 2 of 3 · `,
		`Trouble 34`, `Trouble 05`,
		`<a rel="prev" href="../../../history/index.html">Newer</a>`)
	sitetest.AssertContent(t, "history page 3", s.FileContent("history/page/3/index.html"), `Trouble 04`, `Trouble 00`, `Page 3 of 3`)
}
