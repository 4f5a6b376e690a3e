package build_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

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
// HTML page to its budget.
func TestDensePageSizes(t *testing.T) {
	dir := t.TempDir()
	writeDenseRepo(t, dir, *denseIncidents, 10)
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
