package badge

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

func checkBadges(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		switch {
		case strings.HasSuffix(p, ".svg"):
			if err := statustest.WellFormedXML(b); err != nil {
				t.Errorf("%s: not well-formed XML: %v\n%s", p, err, b)
			}
		case strings.HasSuffix(p, ".json"):
			var e endpoint
			if err := json.Unmarshal(b, &e); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		default:
			t.Errorf("unexpected file %s", p)
		}
	}
}

// Whatever text gets past buoy check, every badge stays valid XML and JSON.
func TestAnyTextKeepsBadgesValid(t *testing.T) { statustest.AnyText(t, Files, checkBadges) }

func FuzzBadges(f *testing.F) { statustest.FuzzText(f, Files, checkBadges) }
