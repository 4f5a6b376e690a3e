package feed_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/tools/txtar"

	"github.com/buoystatus/buoy/generator/build"
)

// A small status repository in two languages, built for real: the
// subscriber outputs must be announced where readers look for them and
// every link they carry must land on a page of the built site.
const siteTxtar = `
-- status.yaml --
title: Outputs test
base_url: https://status.example.net/sub/
language: en
languages: [en, fr]
timezone: Asia/Tokyo
components:
  - id: web
    name: Web
    group: Front
  - id: db
    name: Database
-- incidents/2024-05-01-web-down.yaml --
title: Web down, again; sorry
components: [web]
impact: critical
started: 2024-05-01T10:00:00Z
resolved: 2024-05-01T11:00:00Z
updates:
  - { at: 2024-05-01T10:05:00Z, status: investigating, text: "Looking." }
  - { at: 2024-05-01T11:00:00Z, status: resolved, text: "Fixed." }
-- incidents/2024-06-10-db-upgrade.yaml --
title: Database upgrade
kind: maintenance
components: [db]
window: { start: 2024-06-10T01:00:00Z, end: 2024-06-10T02:00:00Z }
updates:
  - { at: 2024-06-01T09:00:00Z, status: scheduled, text: "Planned." }
-- incidents/2099-01-01-far-future.yaml --
title: Maintenance announced long in advance
kind: maintenance
components: ["*"]
window: { start: 2099-01-01T01:00:00Z, end: 2099-01-01T02:00:00Z }
updates:
  - { at: 2024-06-02T09:00:00Z, status: scheduled, text: "Far ahead, in the future of any clock." }
`

const base = "https://status.example.net/sub/"

func buildSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(siteTxtar)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	now := func() time.Time { return time.Date(2024, 6, 5, 0, 0, 0, 0, time.UTC) }
	var log bytes.Buffer
	if err := build.Build(context.Background(), build.Options{Dir: dir, Out: out, Now: now, Log: &log}); err != nil {
		t.Fatalf("build: %v\n%s", err, log.String())
	}
	return out
}

// resolves reports whether an absolute URL of the site names a file of the
// built site, the way a static web server maps it.
func resolves(out, u string) bool {
	if !strings.HasPrefix(u, base) {
		return false
	}
	rel := strings.TrimPrefix(u, base)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	st, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
	return err == nil && !st.IsDir()
}

var alternateRE = regexp.MustCompile(`<link rel="?alternate"?[^>]*>`)
var hrefRE = regexp.MustCompile(`href="?([^" >]+)"?`)

func TestBuiltSiteAnnouncesAndLinks(t *testing.T) {
	out := buildSite(t)

	// Every page announces the site's three feeds; a component's page also
	// its own. Every announced feed exists.
	pages, err := eachPage(out, func(rel string, b []byte) error {
		if path.Base(rel) == "404.html" {
			return nil
		}
		var hrefs []string
		for _, tag := range alternateRE.FindAllString(string(b), -1) {
			if !strings.Contains(tag, "application/rss+xml") && !strings.Contains(tag, "application/atom+xml") && !strings.Contains(tag, "application/feed+json") {
				continue // hreflang alternates of the page in another language
			}
			m := hrefRE.FindStringSubmatch(tag)
			if m == nil {
				t.Errorf("%s: %s has no href", rel, tag)
				continue
			}
			hrefs = append(hrefs, m[1])
			if !resolves(out, m[1]) {
				t.Errorf("%s announces %s, which the site does not have", rel, m[1])
			}
		}
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
			if !slices.Contains(hrefs, base+f) {
				t.Errorf("%s does not announce %s%s; it announces %v", rel, base, f, hrefs)
			}
		}
		if m := regexp.MustCompile(`^(?:[a-z]{2}/)?components/([a-z0-9-]+)/index\.html$`).FindStringSubmatch(filepath.ToSlash(rel)); m != nil {
			for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
				if want := base + "components/" + m[1] + "/" + f; !slices.Contains(hrefs, want) {
					t.Errorf("%s does not announce its component feed %s", rel, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 4 {
		t.Fatalf("only %d pages built", pages)
	}

	// Links inside the feeds land on built pages.
	for _, f := range []string{"rss.xml", "atom.xml", "feed.json", "components/web/atom.xml", "components/db/feed.json"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !resolves(out, feed.Link) {
			t.Errorf("%s: feed link %s is not a page of the site", f, feed.Link)
		}
		if len(feed.Items) == 0 {
			t.Errorf("%s: no items", f)
		}
		for _, it := range feed.Items {
			if !resolves(out, it.Link) {
				t.Errorf("%s: item link %s is not a page of the site", f, it.Link)
			}
		}
	}

	// The API's shortlinks and the calendar's URLs too.
	var inc struct {
		Incidents []struct{ Shortlink string } `json:"incidents"`
	}
	b, err := os.ReadFile(filepath.Join(out, "api/v2/incidents.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &inc); err != nil {
		t.Fatal(err)
	}
	if len(inc.Incidents) != 1 || !resolves(out, inc.Incidents[0].Shortlink) {
		t.Errorf("incidents.json shortlinks %+v do not land on pages", inc.Incidents)
	}
	ics, err := os.ReadFile(filepath.Join(out, "maintenance.ics"))
	if err != nil {
		t.Fatal(err)
	}
	unfolded := strings.ReplaceAll(string(ics), "\r\n ", "")
	urls := regexp.MustCompile(`(?m)^URL:(.*)\r$`).FindAllStringSubmatch(unfolded, -1)
	if len(urls) != 3 {
		t.Errorf("maintenance.ics has %d URLs, want the calendar's and the two events'", len(urls))
	}
	for _, m := range urls {
		if !resolves(out, m[1]) {
			t.Errorf("maintenance.ics links %s, which is not a page of the site", m[1])
		}
	}
	for _, f := range []string{"badge.svg", "badge.json", "badge/web.svg", "badge/db.json", "components/db/maintenance.ics", "api/v2/summary.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("the built site lacks %s", f)
		}
	}
}

// TestBuiltSiteLinksCalendar: beside the feed links, every page links the
// maintenance calendar, a component's page that component's own, in the
// page's language, and the file is one the build wrote.
func TestBuiltSiteLinksCalendar(t *testing.T) {
	out := buildSite(t)
	linkRE := regexp.MustCompile(`<a href="([^"]+)" type="text/calendar">([^<]+)</a></p>`)
	label := map[string]string{"": "Maintenance calendar", "fr/": "Calendrier des maintenances"}
	pageRE := regexp.MustCompile(`^((?:fr/)?)(?:components/([a-z0-9-]+)/)?`)
	pages, err := eachPage(out, func(rel string, b []byte) error {
		m := linkRE.FindStringSubmatch(string(b))
		if m == nil {
			t.Errorf("%s links no calendar", rel)
			return nil
		}
		p := pageRE.FindStringSubmatch(rel)
		// Relative to the page, as every link of the site is, but on a
		// page not found, which hosts serve at any depth.
		up := strings.Repeat("../", strings.Count(rel, "/"))
		if up == "" {
			up = "./"
		}
		dir := path.Dir(rel)
		if path.Base(rel) == "404.html" {
			up, dir = "/sub/", "/"
		}
		want := up + "maintenance.ics"
		if p[2] != "" {
			want = up + "components/" + p[2] + "/maintenance.ics"
		}
		if m[1] != want {
			t.Errorf("%s links the calendar %s, want %s", rel, m[1], want)
		}
		if m[2] != label[p[1]] {
			t.Errorf("%s calls the calendar %q, want %q", rel, m[2], label[p[1]])
		}
		if st, err := os.Stat(filepath.Join(out, filepath.FromSlash(path.Join(dir, strings.TrimPrefix(m[1], "/sub/"))))); err != nil || st.IsDir() {
			t.Errorf("%s links %s, which the build did not write", rel, m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 4 {
		t.Fatalf("only %d pages built", pages)
	}
}

// eachPage calls fn with the slash-separated path, relative to out, and
// the bytes of every HTML page of a built site, and counts them.
func eachPage(out string, fn func(rel string, b []byte) error) (int, error) {
	pages := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		return fn(filepath.ToSlash(rel), b)
	})
	return pages, err
}
