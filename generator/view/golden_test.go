package view_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/view"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenSite is statustest.SmallSite built in English and French, with
// three days of probe history for two components: one probed with data
// (bars, probes, a two-series chart), one probed that has none; and some
// of the public channels a site may declare.
func goldenSite() *status.Snapshot {
	snap := statustest.SmallSite()
	snap.Config.Languages = []string{"en", "fr"}
	snap.Config.Components[0].Probes = []status.Probe{{ID: "https", Type: status.ProbeHTTP}, {ID: "dns", Type: status.ProbeDNS}}
	snap.Config.Components[2].Probes = []status.Probe{{ID: "ns", Type: status.ProbeDNS}}
	loc := snap.Config.Loc()
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, loc) }
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	checked := statustest.Now.Add(-4 * time.Minute)
	web := &status.ComponentMonitoring{
		ID: "website", Probed: true, State: status.Operational, Checked: checked,
		Days: []status.Day{
			{Date: day(8), Rounds: 288, Up: 288, P50: ms(120), P95: ms(300), Status: status.Operational},
			{Date: day(9), Rounds: 288, Up: 264, Down: 24, P50: ms(140), P95: ms(1300), Status: status.MajorOutage, Incident: status.PartialOutage},
			{Date: day(10), Rounds: 144, Up: 144, P50: ms(95), P95: ms(210), Status: status.Operational},
		},
		Latency: []status.LatencySeries{
			{Probe: "https", Points: []status.LatencyPoint{{Time: day(8), P50: ms(120), P95: ms(300)}, {Time: day(9), P50: ms(140), P95: ms(1300)}, {Time: day(10), P50: ms(95), P95: ms(210)}}},
			{Probe: "dns", Points: []status.LatencyPoint{{Time: day(10), P50: ms(8), P95: ms(12)}}},
		},
		Probes: []status.ProbeState{
			{ID: "https", Type: status.ProbeHTTP, Outcome: status.OutcomeUp, Streak: 40,
				Last: status.Result{Time: checked, Outcome: status.OutcomeUp, Latency: ms(93)}},
			{ID: "dns", Type: status.ProbeDNS, Outcome: status.OutcomeUp, Streak: 40,
				Last: status.Result{Time: checked, Outcome: status.OutcomeUp, Latency: ms(8)}},
		},
	}
	dns := &status.ComponentMonitoring{ID: "dns", Probed: true, State: status.Operational, Stale: true,
		Days:   []status.Day{{Date: day(8)}, {Date: day(9)}, {Date: day(10)}},
		Probes: []status.ProbeState{{ID: "ns", Type: status.ProbeDNS, NoData: true}}}
	h := &status.SiteMonitoring{Newest: checked, Interval: 5 * time.Minute, Components: map[string]*status.ComponentMonitoring{"website": web, "dns": dns}}
	for _, c := range snap.Config.Components {
		if h.Components[c.ID] == nil {
			h.Components[c.ID] = &status.ComponentMonitoring{ID: c.ID, State: status.Operational}
		}
	}
	snap.Config.Subscribe = status.Channels{
		Email:    &status.EmailChannel{Address: "status+announce@lists.example.org"},
		Mastodon: &status.MastodonChannel{Account: "@status@social.example.org", URL: "https://social.example.org/@status"},
		Telegram: "https://t.me/example_status",
		Links:    []status.ChannelLink{{Label: "<b>Matrix</b> room", URL: "https://matrix.to/#/#status:example.org"}},
	}
	snap.AttachMonitoring(h)
	return snap
}

// joins stand for the theme's dateTime strings, which Hugo translates.
var joins = view.DateTimeJoins{
	"en": view.MarkDate + " at " + view.MarkTime + " " + view.MarkZone,
	"fr": "le " + view.MarkDate + " à " + view.MarkTime + " (" + view.MarkZone + ")",
}

// goldenPages are one page of each kind: the home page, a section, a
// probed component with a chart, an incident, a maintenance, a month of
// the archive, the archive and the Subscribe page.
var goldenPages = map[string]string{
	"_index.md":                                    "home",
	"incidents/_index.md":                          "section",
	"components/website.md":                        "component",
	"incidents/2024/2024-03-10-api-errors.md":      "incident",
	"incidents/2024/2024-03-10-dns-maintenance.md": "maintenance",
	"history/2024-03.md":                           "month",
	"history/_index.md":                            "history",
	"subscribe.md":                                 "subscribe",
}

// TestGolden compares the front matter of a page of each kind, and the
// site data file, with testdata/golden, indented for reading (the files
// themselves are one line each). The theme's templates read exactly
// this: a change here is a change of the .Params contract of
// docs/theme.md.
func TestGolden(t *testing.T) {
	snap := goldenSite()
	files, err := view.Content(snap, view.Options{Markdown: markdown.New(markdown.HeadingBase(3)), ByYear: true, Joins: joins})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range files {
		if goldenPages[f.Path] != "" {
			got[strings.TrimSuffix(f.Path, ".md")+".json"] = indent(t, f.Path, f.Data)
		}
	}
	if len(got) != len(goldenPages) {
		t.Errorf("%d of the %d golden pages made", len(got), len(goldenPages))
	}
	data, err := view.SiteData(snap, false)
	if err != nil {
		t.Fatal(err)
	}
	got["data/buoy.json"] = indent(t, "site data", data)
	statustest.Golden(t, "testdata/golden", got, *update)
}

// indent checks that a file is one JSON value on one line, then indents it.
func indent(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	if n := bytes.Count(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")); n > 0 || !json.Valid(b) {
		t.Errorf("%s: not one line of JSON (%d newlines)", name, n)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(b), "", "  "); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}
