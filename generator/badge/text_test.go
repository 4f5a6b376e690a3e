package badge

import (
	"encoding/json"
	"path"
	"testing"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

func checkBadges(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		if ext := path.Ext(p); ext != ".svg" && ext != ".json" {
			t.Errorf("unexpected file %s", p)
		}
		if err := outputtest.Valid(p, b); err != nil {
			t.Errorf("%s: %v\n%s", p, err, b)
		}
		if path.Ext(p) == ".json" {
			var e endpoint
			if err := json.Unmarshal(b, &e); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
}

// Whatever text gets past buoy check, every badge stays valid XML and JSON.
func TestAnyTextKeepsBadgesValid(t *testing.T) { statustest.AnyText(t, Files, checkBadges) }

func FuzzBadges(f *testing.F) { statustest.FuzzText(f, Files, checkBadges) }
