package feed_test

import (
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

	"github.com/buoystatus/buoy/generator/sitetest"
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

func buildSite(t *testing.T) *sitetest.Site {
	return sitetest.Test(t, siteTxtar, time.Date(2024, 6, 5, 0, 0, 0, 0, time.UTC))
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

// feedLinks selects a page's announcements of its feeds, not the
// hreflang alternates of the page in another language.
const feedLinks = `link[rel="alternate"][type="application/rss+xml"], link[rel="alternate"][type="application/atom+xml"], link[rel="alternate"][type="application/feed+json"]`

func TestBuiltSiteAnnouncesAndLinks(t *testing.T) {
	site := buildSite(t)
	out := site.Out

	// Every page announces the site's three feeds; a component's page also
	// its own. Every announced feed exists.
	pages := site.Pages()
	for _, rel := range pages {
		// embed.html is a notice for other sites' iframes, not a page.
		if path.Base(rel) == "404.html" || rel == "embed.html" {
			continue
		}
		hrefs := site.Attrs(rel, feedLinks, "href")
		for _, h := range hrefs {
			if !resolves(out, h) {
				t.Errorf("%s announces %q, which the site does not have", rel, h)
			}
		}
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
			if !slices.Contains(hrefs, base+f) {
				t.Errorf("%s does not announce %s%s; it announces %v", rel, base, f, hrefs)
			}
		}
		if m := regexp.MustCompile(`^(?:[a-z]{2}/)?components/([a-z0-9-]+)/index\.html$`).FindStringSubmatch(rel); m != nil {
			for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
				if want := base + "components/" + m[1] + "/" + f; !slices.Contains(hrefs, want) {
					t.Errorf("%s does not announce its component feed %s", rel, want)
				}
			}
		}
	}
	if len(pages) < 4 {
		t.Fatalf("only %d pages built", len(pages))
	}

	// Links inside the feeds land on built pages.
	for _, f := range []string{"rss.xml", "atom.xml", "feed.json", "components/web/atom.xml", "components/db/feed.json"} {
		feed, err := gofeed.NewParser().ParseString(site.FileContent(f))
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
	if err := json.Unmarshal([]byte(site.FileContent("api/v2/incidents.json")), &inc); err != nil {
		t.Fatal(err)
	}
	if len(inc.Incidents) != 1 || !resolves(out, inc.Incidents[0].Shortlink) {
		t.Errorf("incidents.json shortlinks %+v do not land on pages", inc.Incidents)
	}
	unfolded := strings.ReplaceAll(site.FileContent("maintenance.ics"), "\r\n ", "")
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
		site.AssertFileExists(f, true)
	}
}

// TestBuiltSiteLinksCalendar: beside the feed links, every page links the
// maintenance calendar, a component's page that component's own, in the
// page's language, and the file is one the build wrote.
func TestBuiltSiteLinksCalendar(t *testing.T) {
	site := buildSite(t)
	label := map[string]string{"": "Maintenance calendar", "fr/": "Calendrier des maintenances"}
	pageRE := regexp.MustCompile(`^((?:fr/)?)(?:components/([a-z0-9-]+)/)?`)
	pages := site.Pages()
	for _, rel := range pages {
		if rel == "embed.html" { // a notice for other sites' iframes
			continue
		}
		link := site.Select(rel, `p > a[type="text/calendar"]`).First()
		href, ok := link.Attr("href")
		if !ok {
			t.Errorf("%s links no calendar", rel)
			continue
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
		if href != want {
			t.Errorf("%s links the calendar %s, want %s", rel, href, want)
		}
		if text := link.Text(); text != label[p[1]] {
			t.Errorf("%s calls the calendar %q, want %q", rel, text, label[p[1]])
		}
		site.AssertFileExists(path.Join(dir, strings.TrimPrefix(href, "/sub/")), true)
	}
	if len(pages) < 4 {
		t.Fatalf("only %d pages built", len(pages))
	}
}
