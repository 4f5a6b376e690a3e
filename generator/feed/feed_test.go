package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

func TestPaths(t *testing.T) {
	files := statustest.Write(t, Files, statustest.SmallSite())
	want := []string{RSSFile, AtomFile, JSONFile}
	for _, c := range []string{"website", "api", "dns", "mail", "chat"} {
		for _, f := range []string{RSSFile, AtomFile, JSONFile} {
			want = append(want, "components/"+c+"/"+f)
		}
	}
	for _, p := range want {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	if len(files) != len(want) {
		t.Errorf("got %d files, want %d", len(files), len(want))
	}
}

// parse reads a feed the way a feed reader built on gofeed does.
func parse(t *testing.T, files map[string][]byte, path string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(files[path]))
	if err != nil {
		t.Fatalf("%s: gofeed: %v", path, err)
	}
	return f
}

func TestReadersSeeIncidents(t *testing.T) {
	s := statustest.SmallSite()
	files := statustest.Write(t, Files, s)
	const base = "https://status.example.org/"
	for _, tc := range []struct{ path, feedType string }{
		{RSSFile, "rss"}, {AtomFile, "atom"}, {JSONFile, "json"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			f := parse(t, files, tc.path)
			if f.FeedType != tc.feedType {
				t.Errorf("FeedType = %q, want %q", f.FeedType, tc.feedType)
			}
			if f.Title != "Example status" {
				t.Errorf("Title = %q", f.Title)
			}
			if f.Link != base {
				t.Errorf("Link = %q, want the home page %q", f.Link, base)
			}
			if f.Language != "en" {
				t.Errorf("Language = %q", f.Language)
			}
			if tc.feedType != "rss" && f.FeedLink != base+tc.path {
				t.Errorf("FeedLink = %q, want %q", f.FeedLink, base+tc.path)
			}
			if len(f.Items) != len(s.Incidents) {
				t.Fatalf("%d items, want one per incident and maintenance (%d)", len(f.Items), len(s.Incidents))
			}
			byGUID := map[string]*gofeed.Item{}
			for _, it := range f.Items {
				byGUID[it.GUID] = it
				if it.Link != it.GUID {
					t.Errorf("item %q: link %q, guid %q: want both the incident page", it.Title, it.Link, it.GUID)
				}
				if u, err := url.Parse(it.Link); err != nil || !u.IsAbs() || !strings.HasPrefix(it.Link, base+"incidents/") {
					t.Errorf("item %q: link %q is not an absolute incident URL", it.Title, it.Link)
				}
				if it.PublishedParsed == nil {
					t.Errorf("item %q: reader found no publication date in %q", it.Title, it.Published)
				}
			}
			api := byGUID[base+"incidents/2024-03-10-api-errors/"]
			if api == nil {
				t.Fatalf("no item for the API incident; guids: %v", keys(byGUID))
			}
			if api.Title != `API errors: "500" & timeouts <slow>` {
				t.Errorf("title = %q: the reader must see the title as written", api.Title)
			}
			if !api.PublishedParsed.Equal(time.Date(2024, 3, 10, 11, 20, 0, 0, time.UTC)) {
				t.Errorf("published = %v, want the start", api.PublishedParsed)
			}
			if tc.feedType != "rss" && (api.UpdatedParsed == nil || !api.UpdatedParsed.Equal(time.Date(2024, 3, 10, 11, 50, 0, 0, time.UTC))) {
				t.Errorf("updated = %v, want the latest update", api.UpdatedParsed)
			}
			for _, want := range []string{"<strong>500</strong>", `<a href="https://example.org/pr/1">the change</a>`, "&lt;script&gt;", "Identified", "Investigating"} {
				if !strings.Contains(api.Content, want) {
					t.Errorf("content lacks %q:\n%s", want, api.Content)
				}
			}
			if strings.Contains(api.Content, "<script") {
				t.Errorf("raw HTML from the incident file reached the feed:\n%s", api.Content)
			}
			// Updates newest first, as on the page.
			if strings.Index(api.Content, "A bad deploy") > strings.Index(api.Content, "Requests to the API fail") {
				t.Errorf("updates are not newest first:\n%s", api.Content)
			}
			pm := byGUID[base+"incidents/2024-02-01-website-502/"]
			if pm == nil || !strings.Contains(pm.Content, "<h3>Root cause</h3>") {
				t.Errorf("postmortem missing from the resolved incident's content")
			}
			power := byGUID[base+"incidents/2024-03-20-power-work/"]
			if power == nil || power.Title != "Power work; site «Paris-1», rack 4, 電源工事" {
				t.Errorf("maintenance item missing or title mangled: %+v", power)
			} else if !strings.Contains(power.Content, "2024-03-20 08:00–10:00 CET") {
				t.Errorf("maintenance content lacks its window in the site's zone:\n%s", power.Content)
			}
		})
	}
}

func TestComponentFeeds(t *testing.T) {
	files := statustest.Write(t, Files, statustest.SmallSite())
	const base = "https://status.example.org/"
	for _, tc := range []struct {
		component string
		want      []string
	}{
		{"api", []string{"2024-03-10-api-errors", "2024-03-20-power-work"}},
		{"mail", []string{"2024-03-20-power-work", "2024-01-05-mail-maintenance"}},
		{"chat", nil},
	} {
		for _, name := range []string{RSSFile, AtomFile, JSONFile} {
			path := "components/" + tc.component + "/" + name
			f := parse(t, files, path)
			if f.Link != base+"components/"+tc.component+"/" {
				t.Errorf("%s: link %q, want the component page", path, f.Link)
			}
			var got []string
			for _, it := range f.Items {
				got = append(got, strings.TrimSuffix(strings.TrimPrefix(it.GUID, base+"incidents/"), "/"))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s: items %v, want %v", path, got, tc.want)
			}
		}
	}
}

// A feed reader keys items by id: a new update must update the item, never
// add a second one.
func TestNewUpdateKeepsItemIdentity(t *testing.T) {
	before := statustest.SmallSite()
	later := statustest.SmallSite()
	in, _ := later.Incident("2024-03-10-api-errors")
	at := time.Date(2024, 3, 10, 12, 30, 0, 0, time.UTC)
	in.Updates = append(in.Updates, status.Update{At: at, Status: status.Monitoring, Text: "Fix deployed."})
	later = status.NewSnapshot(later.Config, later.Incidents, at.Add(time.Minute))

	for _, name := range []string{RSSFile, AtomFile, JSONFile} {
		a, b := parse(t, statustest.Write(t, Files, before), name), parse(t, statustest.Write(t, Files, later), name)
		ids := func(f *gofeed.Feed) map[string]*gofeed.Item {
			m := map[string]*gofeed.Item{}
			for _, it := range f.Items {
				m[it.GUID] = it
			}
			return m
		}
		ia, ib := ids(a), ids(b)
		if len(ia) != len(ib) || len(b.Items) != len(a.Items) {
			t.Fatalf("%s: %d items before the update, %d after", name, len(a.Items), len(b.Items))
		}
		for id := range ia {
			if ib[id] == nil {
				t.Errorf("%s: item %s disappeared after an update", name, id)
			}
		}
		const id = "https://status.example.org/incidents/2024-03-10-api-errors/"
		x, y := ia[id], ib[id]
		if !x.PublishedParsed.Equal(*y.PublishedParsed) {
			t.Errorf("%s: published moved from %v to %v", name, x.PublishedParsed, y.PublishedParsed)
		}
		if name != RSSFile && !y.UpdatedParsed.Equal(at) {
			t.Errorf("%s: updated = %v, want the new update's time %v", name, y.UpdatedParsed, at)
		}
		if !strings.Contains(y.Content, "Fix deployed.") || !strings.Contains(y.Content, "Monitoring") {
			t.Errorf("%s: the new update is not in the item's content", name)
		}
	}
}

// Every XML file must pass a strict, namespace-aware parse: what a
// standards-following reader does before anything else.
func TestStrictXML(t *testing.T) {
	for path, b := range statustest.Write(t, Files, statustest.SmallSite()) {
		if !strings.HasSuffix(path, ".xml") {
			continue
		}
		if err := statustest.WellFormedXML(b); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// JSON Feed 1.1: version, title and items are required; each item needs an
// id and content_html or content_text; URLs absolute, dates RFC 3339.
func TestJSONFeedRequiredFields(t *testing.T) {
	files := statustest.Write(t, Files, statustest.SmallSite())
	for path, b := range files {
		if !strings.HasSuffix(path, JSONFile) {
			continue
		}
		if err := outputtest.JSONFeed(b); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestItemsAreCapped(t *testing.T) {
	s := statustest.SmallSite()
	var many []status.Incident
	for i := range MaxItems + 10 {
		start := s.Now.Add(-time.Duration(i+1) * 24 * time.Hour)
		many = append(many, status.Incident{
			ID: fmt.Sprintf("2024-01-01-n%02d", i), Kind: status.KindIncident, Title: "n",
			Components: []string{"api"}, Impact: status.ImpactMinor,
			Started: start, Resolved: start.Add(time.Hour),
		})
	}
	files := statustest.Write(t, Files, status.NewSnapshot(s.Config, many, s.Now))
	f := parse(t, files, AtomFile)
	if len(f.Items) != MaxItems {
		t.Fatalf("%d items, want %d", len(f.Items), MaxItems)
	}
	if f.Items[0].GUID != "https://status.example.org/incidents/2024-01-01-n00/" {
		t.Errorf("first item %s, want the most recently updated", f.Items[0].GUID)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
