package build

import (
	"bytes"
	"context"
	"flag"
	"maps"
	"path/filepath"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/buoystatus/buoy/generator/badge"
	"github.com/buoystatus/buoy/generator/feed"
	"github.com/buoystatus/buoy/generator/ical"
	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/statusapi"
	"github.com/buoystatus/buoy/generator/words"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// outputTest is one output writer: its name (its golden files are under
// testdata/golden/<name>) and what its readers must find in the files it
// writes for a site with no component or incident yet.
type outputTest struct {
	name  string
	write statustest.Writer
	empty func(t *testing.T, files map[string][]byte)
}

// outputTests lists every writer generators returns;
// TestOutputTestsCoverEveryWriter fails when one is missing.
func outputTests() []outputTest {
	return []outputTest{
		{"badge", badge.Files, emptyBadges},
		{"feed", feed.Files, emptyFeeds},
		{"ical", ical.Files, emptyCalendar},
		{"statusapi", statusapi.Files, emptyAPI},
	}
}

// Each writer's files for statustest.SmallSite are byte for byte its
// golden files. After a change to an output, check the diff and run
//
//	go test ./generator/build -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, ot := range outputTests() {
		t.Run(ot.name, func(t *testing.T) {
			files := statustest.Write(t, ot.write, statustest.SmallSite())
			statustest.Golden(t, filepath.Join("testdata", "golden", ot.name), files, *update)
		})
	}
}

// A new site, before its first component or incident, still gets every
// file, and each is one its readers accept.
func TestEmptySite(t *testing.T) {
	cfg := &status.Config{Title: "New", BaseURL: "https://new.example/", Language: "en"}
	for _, ot := range outputTests() {
		t.Run(ot.name, func(t *testing.T) {
			files := statustest.Write(t, ot.write, status.NewSnapshot(cfg, nil, statustest.Now))
			if len(files) == 0 {
				t.Fatal("no files")
			}
			ot.empty(t, files)
		})
	}
}

// The writers above are the build's: together they write what the build
// writes beside its pages, byte for byte, for a full site and an empty one.
func TestOutputTestsCoverEveryWriter(t *testing.T) {
	empty := &status.Config{Title: "New", BaseURL: "https://new.example/", Language: "en"}
	for name, snap := range map[string]*status.Snapshot{
		"small": statustest.SmallSite(),
		"empty": status.NewSnapshot(empty, nil, statustest.Now),
	} {
		t.Run(name, func(t *testing.T) {
			built, err := generate(context.Background(), snap, newMarkdown(nil), words.Builtin())
			if err != nil {
				t.Fatal(err)
			}
			want, got := map[string][]byte{}, map[string][]byte{}
			for _, files := range built {
				maps.Copy(want, files)
			}
			for _, ot := range outputTests() {
				maps.Copy(got, statustest.Write(t, ot.write, snap))
			}
			statustest.CompareFiles(t, want, got, statustest.Labels{
				Missing: "written by the build but by no writer of outputTests: add its writer there",
				Extra:   "written by outputTests but not by the build",
				Differs: "differs from what the build writes",
			})
		})
	}
}

func emptyBadges(t *testing.T, files map[string][]byte) {
	if len(files) != 2 {
		t.Errorf("%d files, want the site's two", len(files))
	}
	if _, err := outputtest.SVGBadge(files[badge.SiteSVG]); err != nil {
		t.Errorf("%s: %v\n%s", badge.SiteSVG, err, files[badge.SiteSVG])
	}
	e, err := outputtest.ShieldsEndpoint(files[badge.SiteJSON])
	if err != nil {
		t.Errorf("%s: %v", badge.SiteJSON, err)
	}
	if e.Message != "operational" {
		t.Errorf("message %q", e.Message)
	}
}

func emptyFeeds(t *testing.T, files map[string][]byte) {
	for _, name := range []string{feed.RSSFile, feed.AtomFile} {
		if err := statustest.WellFormedXML(files[name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(files[name]))
		if err != nil {
			t.Fatalf("%s: gofeed: %v", name, err)
		}
		if len(f.Items) != 0 {
			t.Errorf("%s: %d items", name, len(f.Items))
		}
	}
	if err := outputtest.JSONFeed(files[feed.JSONFile]); err != nil {
		t.Errorf("%s: %v", feed.JSONFile, err)
	}
}

func emptyCalendar(t *testing.T, files map[string][]byte) {
	if err := outputtest.ContentLines(string(files[ical.File])); err != nil {
		t.Error(err)
	}
	cal, err := outputtest.Calendar(files[ical.File])
	if err != nil {
		t.Fatalf("%s: %v", ical.File, err)
	}
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events", n)
	}
}

func emptyAPI(t *testing.T, files map[string][]byte) {
	for _, name := range outputtest.StatusAPIFiles() {
		if _, err := outputtest.StatusAPI(name, files[statusapi.Dir+name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
