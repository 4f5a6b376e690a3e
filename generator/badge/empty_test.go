package badge

import (
	"testing"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// A new site, before its first component or incident, still gets every file.
func TestEmptySite(t *testing.T) {
	cfg := &status.Config{Title: "New", BaseURL: "https://new.example/", Language: "en"}
	files, err := Files(status.NewSnapshot(cfg, nil, statustest.Now))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no files")
	}
	checkEmpty(t, files)
}

func checkEmpty(t *testing.T, files map[string][]byte) {
	if len(files) != 2 {
		t.Errorf("%d files, want the site's two", len(files))
	}
	parseSVG(t, SiteSVG, files[SiteSVG])
	if e := decodeEndpoint(t, SiteJSON, files[SiteJSON]); e.Message != "operational" {
		t.Errorf("message %q", e.Message)
	}
}
