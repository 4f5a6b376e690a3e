package build_test

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// denseIncidents sizes TestDensePageSizes's set; scripts/check-site runs
// it larger (-dense-incidents 2000): 200 incidents a component page.
var denseIncidents = flag.Int("dense-incidents", 300, "incidents in TestDensePageSizes's dense set")

// Page size budgets (issue 20): no page over 100 KB however many
// incidents; the home page, with the files it loads, at most 30 KB however
// dense the incidents and the uptime history.
const (
	pageBudget = 100_000
	homeBudget = 30_000
)

// TestDensePageSizes builds the dense set over 10 components, an incident
// every 7 hours (every day of a component's bar alternates between days
// with and without one) and a year of probe history, and holds every
// HTML page to its budget; over 100 components too, where the home page's
// rows alone are more than 30 KB, to the 100 KB of any page.
func TestDensePageSizes(t *testing.T) {
	for _, components := range []int{10, 100} {
		t.Run(fmt.Sprintf("components=%d", components), func(t *testing.T) {
			densePageSizes(t, components)
		})
	}
}

func densePageSizes(t *testing.T, components int) {
	dir := t.TempDir()
	writeDenseRepo(t, dir, *denseIncidents, components)
	s := sitetest.Open(t, dir, now).Build()

	type page struct {
		path string
		size int64
	}
	var pages []page
	err := filepath.WalkDir(s.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.Out, p)
		pages = append(pages, page{filepath.ToSlash(rel), info.Size()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].size > pages[j].size })
	for _, p := range pages[:min(3, len(pages))] {
		t.Logf("largest: %s %d bytes", p.path, p.size)
	}
	for _, p := range pages {
		if p.size > pageBudget {
			t.Errorf("%s is %d bytes, over %d", p.path, p.size, pageBudget)
		}
	}

	// The home page's weight as scripts/check-site counts it: the HTML and
	// the files it loads (stylesheet, icon, script).
	home := s.FileContent("index.html")
	densePages(t, s, *denseIncidents, components)
	if components > 10 {
		t.Logf("home page: %d bytes of HTML", len(home))
		return
	}
	total := len(home)
	loads := regexp.MustCompile(`<link rel="(?:stylesheet|icon)"[^>]* href="([^"]+)"|<script src="([^"]+)"`).FindAllStringSubmatch(home, -1)
	if len(loads) < 2 {
		t.Fatalf("index.html loads %d files, want at least its stylesheet and icon", len(loads))
	}
	for _, m := range loads {
		m[1] += m[2]
		b, err := os.ReadFile(filepath.Join(s.Out, filepath.FromSlash(strings.TrimPrefix(m[1], "./"))))
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
	}
	t.Logf("home page: %d bytes of HTML, %d with the %d files it loads", len(home), total, len(loads))
	if total > homeBudget {
		t.Errorf("home page is %d bytes with the files it loads, over %d", total, homeBudget)
	}
}

// densePages checks what keeps the dense set's pages small: the home
// page's bars told as summaries, each component's incidents spread over
// pages of 30, every one of them on exactly one page, linked in order.
func densePages(t *testing.T, s *sitetest.Site, incidents, components int) {
	t.Helper()
	bars := s.Select("index.html", `div.bars[role="img"]`)
	if bars.Length() != components {
		t.Errorf("home page: %d bars drawn as one image, want %d", bars.Length(), components)
	}
	label, _ := bars.First().Attr("aria-label")
	sitetest.AssertContent(t, "home page bar", label, "\u2068Component 0\u2069: uptime, last 90 days. ", "% uptime, ", " rounds down, incidents on ", " days, ")
	s.AssertFileContent("index.html", `! <ol class="bars"`)

	want := 0 // incidents naming c000, as writeDenseRepo names components
	for i := range incidents {
		if i%components == 0 || (i*7+3)%components == 0 {
			want++
		}
	}
	pages := (want + 29) / 30
	seen := map[string]bool{}
	for n := 1; n <= pages; n++ {
		rel := "components/c000/index.html"
		if n > 1 {
			rel = fmt.Sprintf("components/c000/page/%d/index.html", n)
		}
		links := s.Attrs(rel, ".entry-title a", "href")
		if len(links) != min(30, want-(n-1)*30) {
			t.Errorf("%s lists %d incidents", rel, len(links))
		}
		for _, l := range links {
			if seen[path.Base(path.Dir(l))] {
				t.Errorf("%s lists %s again", rel, l)
			}
			seen[path.Base(path.Dir(l))] = true
		}
		if pages == 1 {
			s.AssertSelector(rel, "! .pager")
			continue
		}
		s.AssertSelector(rel, `.pager li[aria-current="page"]`, fmt.Sprintf("Page %d of %d", n, pages))
		if n < pages {
			s.AssertAttr(rel, `.pager a[rel="next"]`, "href", fmt.Sprintf("%spage/%d/index.html", strings.Repeat("../", strings.Count(rel, "/"))+"components/c000/", n+1))
		}
	}
	if len(seen) != want {
		t.Errorf("c000's pages list %d incidents, want %d", len(seen), want)
	}
	if pages > 1 {
		s.AssertAttr("components/c000/page/2/index.html", `.pager a[rel="prev"]`, "href", "../../../../components/c000/index.html")
	}
	s.AssertFileExists(fmt.Sprintf("components/c000/page/%d/index.html", pages+1), false)
}

// A month busier than one page holds (150 entries) goes on pages of its
// own, history/MONTH/page/N/, linked in order; the month's neighbours stay
// linked from each.
func TestBusyMonthPages(t *testing.T) {
	dir := t.TempDir()
	filetest.WriteFile(t, filepath.Join(dir, "status.yaml"), "title: Busy\nbase_url: https://status.example.org/\ntimezone: UTC\ncomponents:\n  - {id: api, name: API}\n")
	at := func(d time.Time) string { return d.Format(time.RFC3339) }
	// April 2024: 151 incidents, one every 4 hours; one in March.
	for i := range 151 {
		start := time.Date(2024, 4, 1, 1, 0, 0, 0, time.UTC).Add(time.Duration(i) * 4 * time.Hour)
		filetest.WriteFile(t, filepath.Join(dir, "incidents", fmt.Sprintf("%s-busy-%03d.yaml", start.Format(time.DateOnly), i)),
			fmt.Sprintf("title: Busy %d\ncomponents: [api]\nimpact: minor\nstarted: %s\nresolved: %s\nupdates:\n  - {at: %s, status: resolved, text: Fixed.}\n",
				i, at(start), at(start.Add(time.Hour)), at(start.Add(time.Hour))))
	}
	filetest.WriteFile(t, filepath.Join(dir, "incidents", "2024-03-10-march.yaml"),
		"title: March\ncomponents: [api]\nimpact: minor\nstarted: 2024-03-10T10:00:00Z\nresolved: 2024-03-10T11:00:00Z\nupdates:\n  - {at: 2024-03-10T11:00:00Z, status: resolved, text: Fixed.}\n")
	s := sitetest.Open(t, dir, now).Build()

	if n := len(s.Attrs("history/2024-04/index.html", ".entry-title a", "href")); n != 150 {
		t.Errorf("history/2024-04/ lists %d entries, want 150", n)
	}
	s.AssertSelector("history/2024-04/index.html", `.pager li[aria-current="page"]`, "Page 1 of 2")
	s.AssertAttr("history/2024-04/index.html", `.pager a[rel="next"]`, "href", "../../history/2024-04/page/2/index.html", "../../history/2024-03/index.html")
	s.AssertSelector("history/2024-04/page/2/index.html", ".entry-title a", "Busy 0")
	s.AssertSelector("history/2024-04/page/2/index.html", "title", "April 2024 · Page 2 of 2 · Incident history · \u2068Busy\u2069")
	s.AssertAttr("history/2024-04/page/2/index.html", `.pager a[rel="prev"]`, "href", "../../../../history/2024-04/index.html")
	s.AssertAttr("history/2024-04/page/2/index.html", `.pager a[rel="next"]`, "href", "../../../../history/2024-03/index.html")
	// A month that fits keeps its one page, without a pager of its own.
	s.AssertSelector("history/2024-03/index.html", `! .pager li[aria-current="page"]`)
	s.AssertFileExists("history/2024-03/page/2/index.html", false)
}
