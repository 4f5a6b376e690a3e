package render_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// edit changes SmallSite's incidents, found by id.
type edit func(map[string]*status.Incident)

// smallSite is SmallSite at now with the edits applied in turn; drop
// leaves out an incident.
func smallSite(now time.Time, drop string, edits ...edit) *status.Snapshot {
	base := statustest.SmallSite()
	var incidents []status.Incident
	for _, in := range base.Incidents {
		if in.ID != drop {
			incidents = append(incidents, in)
		}
	}
	byID := map[string]*status.Incident{}
	for i := range incidents {
		byID[incidents[i].ID] = &incidents[i]
	}
	for _, e := range edits {
		e(byID)
	}
	return status.NewSnapshot(base.Config, incidents, now)
}

// The edits a session is checked against: each shows in different pages.
var (
	editPostmortem = func(m map[string]*status.Incident) {
		m["2024-02-01-website-502"].Postmortem = "## Root cause\n\nAn edited **postmortem**."
	}
	editSettledLatest = func(m map[string]*status.Incident) {
		m["2024-02-01-website-502"].Updates[2].Text = "All good, edited."
	}
	editActiveLatest = func(m map[string]*status.Incident) {
		m["2024-03-10-api-errors"].Updates[1].Text = "An edited newest update."
	}
	editTitle = func(m map[string]*status.Incident) {
		m["2024-03-10-api-errors"].Title = "An edited title"
		m["2024-03-10-api-errors"].Updates[0].Text = "Edited **text**."
	}
	// A later update moves the incident's lastmod in the sitemap.
	editLateUpdate = func(m map[string]*status.Incident) {
		in := m["2024-02-01-website-502"]
		in.Updates = append(in.Updates, status.Update{At: in.Resolved.Add(48 * time.Hour), Status: status.Resolved, Text: "A late note."})
	}
	editResolve = func(m map[string]*status.Incident) {
		m["2024-03-10-api-errors"].Resolved = statustest.Now.Add(-5 * time.Minute)
	}
)

// TestSessionMatchesRender: a session's site, first and after each
// incremental change, is byte for byte the site Render writes for the
// same snapshot, so the preview shows what a build publishes. Each edit
// changes something else: text only the incident's page shows, an
// incident's newest update (which the home page shows for current
// incidents), what every list shows, the overall status (every page's
// favicon), the time (phases and durations), the set of incidents.
func TestSessionMatchesRender(t *testing.T) {
	now := statustest.Now
	steps := []struct {
		name string
		snap *status.Snapshot
	}{
		{"first", smallSite(now, "")},
		{"postmortem", smallSite(now, "", editPostmortem)},
		{"newest update of a past incident", smallSite(now, "", editPostmortem, editSettledLatest)},
		{"newest update of a current incident", smallSite(now, "", editPostmortem, editSettledLatest, editActiveLatest)},
		{"title", smallSite(now, "", editPostmortem, editSettledLatest, editActiveLatest, editTitle)},
		{"unchanged", smallSite(now, "", editPostmortem, editSettledLatest, editActiveLatest, editTitle)},
		{"late update", smallSite(now, "", editPostmortem, editSettledLatest, editActiveLatest, editTitle, editLateUpdate)},
		{"resolved", smallSite(now, "", editPostmortem, editSettledLatest, editActiveLatest, editTitle, editLateUpdate, editResolve)},
		{"a month later", smallSite(now.AddDate(0, 1, 0), "", editPostmortem, editSettledLatest, editActiveLatest, editTitle, editLateUpdate, editResolve)},
		{"removed", smallSite(now, "2024-03-10-api-errors")},
		{"back", smallSite(now, "")},
	}
	variants := []struct {
		name  string
		dir   string
		langs []string
	}{
		{"theme", "", nil},
		// Each language keeps entries of its own.
		{"two languages", "", []string{"en", "fr"}},
		// Entries laid out by the repository may show anything of an
		// incident: every edit re-renders the lists.
		{"own entry layout", writeRepo(t, map[string]string{
			"layouts/_partials/entry.html": `<li>{{ .page.Title }} {{ .page.Params.postmortem | safeHTML }}</li>`,
		}), nil},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			sess := render.NewSession(render.Options{Dir: v.dir})
			defer sess.Close()
			for _, step := range steps {
				if v.langs != nil {
					cfg := *step.snap.Config
					cfg.Languages = v.langs
					snap := *step.snap
					snap.Config = &cfg
					step.snap = &snap
				}
				site, err := sess.Render(context.Background(), step.snap)
				if err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				sameAsRender(t, step.name, site, step.snap, v.dir)
			}
		})
	}
}

// sameAsRender checks that site is what Render writes for snap.
func sameAsRender(t *testing.T, name string, site render.Site, snap *status.Snapshot, dir string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	if err := renderTo(context.Background(), snap, out, render.Options{Dir: dir}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(out, p)
		want, err := os.ReadFile(p)
		if got, ok := site[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s: session has no %s", name, rel)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s: %s differs from Render's:\n%s\nwant\n%s", name, rel, got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(site) {
		t.Errorf("%s: session has %d files, Render wrote %d", name, len(site), n)
	}
}

// writeRepo writes files (path to content) into a fresh folder.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSessionRendersWhatChanged: editing text that only an incident's own
// page shows leaves every other page that does not list it as it was (the
// session shares the bytes of files Hugo did not write again), so that an
// edit costs a few pages rather than the site.
func TestSessionRendersWhatChanged(t *testing.T) {
	sess := render.NewSession(render.Options{})
	defer sess.Close()
	before, err := sess.Render(context.Background(), smallSite(statustest.Now, ""))
	if err != nil {
		t.Fatal(err)
	}
	after, err := sess.Render(context.Background(), smallSite(statustest.Now, "", editPostmortem))
	if err != nil {
		t.Fatal(err)
	}
	// The incident's page and the sitemap: the pages listing it show
	// nothing of a postmortem, and Hugo, which counts them as depending
	// on it, renders them again only in a full build.
	mayChange := map[string]bool{
		"incidents/2024-02-01-website-502/index.html": true,
		"sitemap.xml": true,
	}
	if bytes.Equal(before["incidents/2024-02-01-website-502/index.html"], after["incidents/2024-02-01-website-502/index.html"]) {
		t.Error("the edited incident's page did not change")
	}
	for p, b := range after {
		// Hugo writes the stylesheet and favicon again with any page using them.
		if !strings.HasSuffix(p, ".html") || mayChange[p] {
			continue
		}
		if len(b) > 0 && &b[0] != &before[p][0] {
			t.Errorf("%s was rendered again", p)
		}
	}
}

// A changed dateTime string (buoy serve resets the session on any edit in
// i18n/) shows on settled incidents too, whose content the session keeps
// from one start to the next.
func TestSessionDateTimeEdit(t *testing.T) {
	dir := writeRepo(t, map[string]string{"i18n/en.yaml": "dateTime: \"{{ .Date }} at {{ .Time }} {{ .Zone }}\"\n"})
	sess := render.NewSession(render.Options{Dir: dir})
	defer sess.Close()
	page := "incidents/2024-02-01-website-502/index.html"
	before, err := sess.Render(context.Background(), smallSite(statustest.Now, ""))
	if err != nil {
		t.Fatal(err)
	}
	has(t, "before", string(before[page]), ` at `)
	if err := os.WriteFile(filepath.Join(dir, "i18n", "en.yaml"), []byte("dateTime: \"{{ .Time }} {{ .Zone }}, {{ .Date }}\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sess.Reset()
	after, err := sess.Render(context.Background(), smallSite(statustest.Now, ""))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(after[page], []byte(` at `)) || !bytes.Contains(after[page], []byte(`CET, `)) {
		t.Errorf("after the edit, %s reads:\n%s", page, after[page])
	}
}

// A list that fills several pages (a component's incidents, 30 to a page)
// is a page with pages below it: the session shows every one of them, and
// keeps them as Render does through edits to what they list.
func TestSessionPagedLists(t *testing.T) {
	// Every incident is on c003: 80 of them, on 3 pages.
	snap := largeSnapshot(80, 7)
	sess := render.NewSession(render.Options{})
	defer sess.Close()
	site, err := sess.Render(context.Background(), snap)
	if err != nil {
		t.Fatal(err)
	}
	sameAsRender(t, "first", site, snap, "")
	if _, ok := site["components/c003/page/3/index.html"]; !ok {
		t.Fatal("no components/c003/page/3/index.html")
	}
	// Incident 45 is on c003's second page.
	ins := append([]status.Incident(nil), snap.Incidents...)
	ins[45].Title = "A renamed incident"
	edited := status.NewSnapshot(snap.Config, ins, snap.Now)
	if site, err = sess.Render(context.Background(), edited); err != nil {
		t.Fatal(err)
	}
	sameAsRender(t, "title", site, edited, "")
	if !strings.Contains(string(site["components/c003/page/2/index.html"]), "A renamed incident") {
		t.Error("c003's second page does not show the new title")
	}
	// Hours later, an incident started: several component pages change
	// at once, c003's among them.
	ins = append(ins, status.Incident{
		ID: "2024-05-01-new", Kind: status.KindIncident, Title: "New", Impact: status.ImpactMajor,
		Components: []string{"c003", "c001"}, Started: snap.Now.Add(time.Hour),
		Updates: []status.Update{{At: snap.Now.Add(time.Hour), Status: status.Investigating, Text: "Looking."}},
	})
	later := status.NewSnapshot(snap.Config, ins, snap.Now.Add(3*time.Hour))
	if site, err = sess.Render(context.Background(), later); err != nil {
		t.Fatal(err)
	}
	sameAsRender(t, "later", site, later, "")
}
