package statusapi

import (
	"encoding/json"
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
	for name, want := range topKeys {
		decode(t, name, files[Dir+name])
		var doc map[string]any
		if err := json.Unmarshal(files[Dir+name], &doc); err != nil {
			t.Fatal(err)
		}
		if err := keysExactly(doc, want); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := checkObjects(doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
