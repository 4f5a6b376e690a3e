package build_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/sitetest"
	"github.com/buoystatus/buoy/generator/status"
)

// probedFiles is a repository whose probes have history: web is down for
// its last three rounds (down_after 2), api failed twice of the three its
// down_after asks, db has probes that never reported.
const probedFiles = `
-- status.yaml --
title: Probed status
base_url: https://status.example.org/
timezone: UTC
history_days: 7
components:
  - id: web
    name: Website
    down_after: 2
    probes:
      - { id: home, type: http, url: "https://example.org/" }
  - id: api
    name: Public API
    down_after: 3
    probes:
      - { id: health, type: http, url: "https://api.example.org/health" }
  - id: db
    name: Database
    probes:
      - { id: port, type: tcp, address: "db.example.org:5432" }
`

// probedNow is the build's clock; history covers the three days before it.
var probedNow = time.Date(2026, 11, 12, 12, 0, 0, 0, time.UTC)

const probeInterval = 5 * time.Minute

// writeProbeHistory appends three days of rounds every five minutes up to
// probedNow, the way buoy probe does, and returns how many lines each
// component's month file got.
func writeProbeHistory(t *testing.T, dir string) map[string]int {
	t.Helper()
	store := history.Open(filepath.Join(dir, "history"), history.Options{NoSync: true})
	lines := map[string]int{}
	var results []status.Result
	for at := probedNow.Add(-72 * time.Hour); !at.After(probedNow); at = at.Add(probeInterval) {
		left := int(probedNow.Sub(at) / probeInterval) // rounds after this one
		web := status.Result{Time: at, Component: "web", Probe: "home", Outcome: status.OutcomeUp, Latency: 120 * time.Millisecond, HTTPStatus: 200}
		if left < 3 {
			web.Outcome, web.Reason, web.Latency = status.OutcomeDown, "HTTP 502", 80*time.Millisecond
		}
		api := status.Result{Time: at, Component: "api", Probe: "health", Outcome: status.OutcomeUp, Latency: 300 * time.Millisecond}
		if left < 2 {
			api.Outcome, api.Reason = status.OutcomeDown, "timeout after 10s"
		}
		results = append(results, web, api)
		lines["web"]++
		lines["api"]++
	}
	if err := store.Append(results); err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestBuildWithHistory(t *testing.T) {
	s := sitetest.New(t, probedFiles, probedNow)
	writeProbeHistory(t, s.Dir)
	s.Build()

	s.AssertFileContent("index.html",
		// Web is down after two failed rounds; the page says so at once.
		`<p class="banner state-critical">`,
		// When the data was taken, as a clock time: a page is read long
		// after it is built, so "just now" would be wrong by then.
		`Uptime over the last 7 days, one bar per day. Checked at <time datetime="2026-11-12T12:00:00Z" title="November 12, 2026 at 12:00`+nnbsp+`pm UTC">12:00`+nnbsp+`pm UTC</time>.`,
		`Website</a> <span class="state state-major_outage">`,
		// Three days without samples are one grey "no data" segment; then
		// three days of uptime, today's dented by the outage.
		`<ol class="bars" aria-label="`+"\u2068Website\u2069"+`: uptime, last 7 days">`,
		`<li class="nd" style="--n:3"><span>Nov 6, 2026 – Nov 8, 2026: no data</span></li>`,
		`<li class="op" style="--n:3"><span>Nov 9, 2026 – Nov 11, 2026: 100% uptime</span></li>`,
		`<li class="po"><span>Nov 12, 2026: 97.9% uptime, 3 rounds down</span></li>`,
		// Beside it, today's median response time: the down rounds'
		// quick 502s do not count.
		`<span class="uptime">since <time datetime="2026-11-12T11:50:00Z"`, `</time> · 99.65% uptime · 120 ms median response time today</span>`,
		// Two failed rounds of the three api's down_after asks: not down.
		`Public API</a> <span class="state state-operational">`,
		// db never reported: not green, and said so.
		`<li class="unverified"><a href="./components/db/index.html" dir="auto">Database</a> <span class="state state-operational">`,
		`<li class="nd" style="--n:7"><span>Nov 6, 2026 – Nov 12, 2026: no data</span></li>`,
		`<span class="uptime">No recent data</span>`,
		"! Monitoring data is stale", "! No monitoring data yet", `! class="op"><span>Nov 6, 2026`,
	)

	// The API, badges and the page agree.
	var comps struct {
		Components []struct{ ID, Name, Status string }
	}
	if err := json.Unmarshal([]byte(s.FileContent("api/v2/components.json")), &comps); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comps.Components {
		got[c.Name] = c.Status
	}
	for name, want := range map[string]string{"Website": "major_outage", "Public API": "operational", "Database": "operational"} {
		if got[name] != want {
			t.Errorf("components.json: %s is %q, want %q", name, got[name], want)
		}
	}
	s.AssertFileContent("api/v2/status.json", `"indicator": "critical"`)
	s.AssertFileContent("badge/web.json", `"message": "major outage since 11:50 UTC"`)

	s.AssertFileContent("components/web/index.html",
		`<span class="state state-major_outage">`,
		`99.65% uptime over the last 7 days.`,
		`<li class="nd"><span>Nov 6, 2026: no data</span></li>`,
		`<li class="op"><span>Nov 9, 2026: 100% uptime</span></li>`,
		// The chart with its text alternative.
		`<svg xmlns="http://www.w3.org/2000/svg" class="buoy-chart"`, `role="img"`,
		`<title id="latency-web-title">Response time of Website</title>`, `<desc id="latency-web-desc">Response time from 2026-11-06 to 2026-11-12: `,
		`<g class="series s0" fill="none" stroke="currentColor"`,
		`<figcaption>Daily median`,
		// The probe, confirmed down, with what the last round saw.
		`<th scope="row">home <span class="meta">http</span></th>`,
		`<span class="state state-major_outage"><span class="shape" aria-hidden="true"></span>Down</span>`,
		`<td>HTTP 502 · at <time`,
	)
	s.AssertFileContent("components/api/index.html",
		`<span class="state state-operational"><span class="shape" aria-hidden="true"></span>Up</span>`,
		`2 of 3 failed rounds before it counts as down`,
		`Down: timeout after 10s`,
	)
	s.AssertFileContent("components/db/index.html",
		`<p class="current unverified">`,
		`<td>Never</td>`,
		`! class="buoy-chart"`,
	)
}

func TestBuildStaleHistory(t *testing.T) {
	s := sitetest.New(t, probedFiles, probedNow.Add(3*probeInterval))
	writeProbeHistory(t, s.Dir)

	// Three intervals after the newest sample the data is still fresh.
	s.Build()
	s.AssertFileContent("index.html", "! Monitoring data is stale", `Website</a> <span class="state state-major_outage">`)

	// Past that, the page says the data is stale, and probes stop driving
	// the states: nothing claims web is down, nothing shows green.
	s.Now = probedNow.Add(3*probeInterval + time.Minute)
	s.Build()
	s.AssertFileContent("index.html",
		`<p class="banner state-none unverified">`,
		`<p class="banner stale"><span class="shape" aria-hidden="true"></span><span>Monitoring data is stale (last check at <time datetime="2026-11-12T12:00:00Z" title="November 12, 2026 at 12:00`+nnbsp+`pm UTC">12:00`+nnbsp+`pm UTC</time>): states below come from incident reports only.</span></p>`,
		`<li class="unverified"><a href="./components/web/index.html" dir="auto">Website</a> <span class="state state-operational">`,
		// Nor does it show a response time that may be hours old.
		"! median response time",
	)
	// Nor a green tab.
	s.AssertFileContent(favicon(s), `<circle cx="8" cy="8" r="7" fill="#8c959f"/>`)
	s.AssertFileContent("components/web/index.html", `Monitoring data is stale`)
	s.AssertFileContent("badge/web.json", `"message": "operational"`)
	s.AssertFileContent("api/v2/status.json", `"description": "No incidents reported"`)

	// Half a day later, the clock time alone would be ambiguous: the
	// page gives the date; in French too.
	s.Now = probedNow.Add(13 * time.Hour)
	s.Build()
	s.AssertFileContent("index.html",
		`(last check on <time datetime="2026-11-12T12:00:00Z" title="November 12, 2026 at 12:00`+nnbsp+`pm UTC">November 12, 2026 at 12:00`+nnbsp+`pm UTC</time>)`)
	fr := sitetest.New(t, strings.Replace(probedFiles, "timezone: UTC\n", "timezone: Europe/Paris\nlanguage: fr\n", 1), probedNow.Add(3*probeInterval+time.Minute))
	writeProbeHistory(t, fr.Dir)
	fr.Build()
	fr.AssertFileContent("index.html",
		`(dernière vérification à <time datetime="2026-11-12T12:00:00Z" title="12 novembre 2026 à 13:00 CET">13:00 CET</time>)`)
	// The chart speaks the page's language.
	fr.AssertFileContent("components/web/index.html",
		`<title id="latency-web-title">Temps de réponse de Website</title>`, `<desc id="latency-web-desc">Temps de réponse du 2026-11-06 au 2026-11-12 : `,
		`! lang="en"`, "! Response time")
}

func TestBuildNoHistoryYet(t *testing.T) {
	s := sitetest.Test(t, probedFiles, probedNow)
	s.AssertFileContent("index.html",
		`<p class="banner state-none unverified">`,
		`No monitoring data yet`,
		`<li class="nd" style="--n:7"><span>Nov 6, 2026 – Nov 12, 2026: no data</span></li>`,
		"! % uptime", "! Checked",
	)
	// The favicon before any probe reported.
	s.AssertFileContent(favicon(s), `fill="#8c959f"`)
	// The API says what the headline says.
	s.AssertFileContent("api/v2/status.json", `"indicator": "none"`, `"description": "No incidents reported"`)

	// A site without probes is driven by incidents alone: green is the
	// truth there, in the tab too.
	unprobed := sitetest.Test(t, unprobedFiles, probedNow)
	unprobed.AssertFileContent(favicon(unprobed), `fill="#1a7f37"`)
}

// unprobedFiles is a site without probes.
const unprobedFiles = `
-- status.yaml --
title: Unprobed status
base_url: https://status.example.org/
components:
  - { id: web, name: Website }
`

// favicon returns the path of the SVG favicon the home page links to.
func favicon(s *sitetest.Site) string {
	s.T.Helper()
	hrefs := s.Attrs("index.html", `link[rel="icon"][type="image/svg+xml"]`, "href")
	if len(hrefs) != 1 || !regexp.MustCompile(`^\./favicon\.[0-9a-f]+\.svg$`).MatchString(hrefs[0]) {
		s.T.Fatalf("SVG favicon links %q, want one favicon beside the home page", hrefs)
	}
	return hrefs[0]
}

func TestBuildTornHistoryLine(t *testing.T) {
	s := sitetest.New(t, probedFiles, probedNow.Add(probeInterval))
	dir := s.Dir
	writeProbeHistory(t, dir)
	// A writer killed mid-line, then the next round appended after it, in
	// the file of the hour.
	file := filepath.Join(dir, "history", "web", "2026-11-12", "12.jsonl")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"time":"2026-11-12T12:02:00Z","component":"web","pro`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	store := history.Open(filepath.Join(dir, "history"), history.Options{NoSync: true})
	next := status.Result{Time: probedNow.Add(probeInterval), Component: "web", Probe: "home", Outcome: status.OutcomeDown, Reason: "HTTP 503"}
	if err := store.Append([]status.Result{next}); err != nil {
		t.Fatal(err)
	}

	if err := s.BuildE(); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join("history", "web", "2026-11-12", "12.jsonl") + ":" + strconv.Itoa(bytes.Count(before, []byte("\n"))+1) + ": skipped corrupt or torn line"
	if !strings.HasPrefix(s.Log, want) {
		t.Errorf("log should start with %q, got:\n%s", want, s.Log)
	}
	// The good lines around it count: web is still down, now on HTTP 503.
	s.AssertFileContent("components/web/index.html", `Down</span> <span class="meta">since`, `<td>HTTP 503 · at`)
}
