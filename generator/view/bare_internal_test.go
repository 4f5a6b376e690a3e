package view

import (
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/status"
)

// With BareIncidents, an incident the home page does not list has a page
// of bare params, its article and entry written all the same; one the home
// page lists keeps every param, as every page does without it.
func TestBareIncidents(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	cfg := &status.Config{Title: "t", BaseURL: "https://status.example.org/", Language: "en", Timezone: "UTC", Location: time.UTC,
		Components: []status.Component{{ID: "web", Name: "Web"}}}
	outage := func(id string, at time.Time) status.Incident {
		return status.Incident{
			ID: id, Kind: status.KindIncident, Title: "Outage " + id, Components: []string{"web"}, Impact: status.ImpactMajor,
			Started: at, Resolved: at.Add(time.Hour),
			Updates: []status.Update{{At: at.Add(time.Hour), Status: status.Resolved, Text: "Fixed *" + id + "*."}},
		}
	}
	snap := status.NewSnapshot(cfg, []status.Incident{outage("recent", now.AddDate(0, 0, -3)), outage("old", now.AddDate(-1, 0, 0))}, now)
	articles := []ArticleLang{{Key: "en", Locale: "en", Prefix: "/"}}
	tr := func(lang, key string, args any) string { return key }
	for _, bare := range []bool{false, true} {
		files, err := Content(snap, Options{Markdown: markdown.New(), T: tr, Articles: articles, BareIncidents: bare})
		if err != nil {
			t.Fatal(err)
		}
		pages := map[string]File{}
		for _, f := range files {
			pages[f.Path] = f
		}
		old, recent := pages["incidents/old.md"], pages["incidents/recent.md"]
		if want := `"params":{"id":"old","article":true}}`; bare != strings.HasSuffix(strings.TrimSpace(string(old.Data)), want) {
			t.Errorf("bare %v: the old incident's page is\n%s\nwant it to end in %s: %v", bare, old.Data, want, bare)
		}
		if !strings.Contains(string(recent.Data), `"updates":[`) || !strings.Contains(string(recent.Data), `"article":true`) {
			t.Errorf("bare %v: the recent incident's page, which home lists, is\n%s\nwant every param", bare, recent.Data)
		}
		for _, f := range []File{old, recent} {
			if a := f.Articles[ArticleKey("en", strings.TrimSuffix(strings.TrimPrefix(f.Path, "incidents/"), ".md"))]; !strings.Contains(a, "<em>") {
				t.Errorf("bare %v: %s's article is %q", bare, f.Path, a)
			}
		}
	}
}
