package feed

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
	for _, name := range []string{RSSFile, AtomFile} {
		if err := statustest.WellFormedXML(files[name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if f := parse(t, files, name); len(f.Items) != 0 {
			t.Errorf("%s: %d items", name, len(f.Items))
		}
	}
	if err := checkJSONFeed(files[JSONFile]); err != nil {
		t.Errorf("%s: %v", JSONFile, err)
	}
}
