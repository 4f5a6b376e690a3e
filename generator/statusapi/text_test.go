package statusapi

import (
	"testing"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

func checkAPI(t *testing.T, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no files")
	}
	for p, b := range files {
		if err := outputtest.Valid(p, b); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// Whatever text gets past buoy check, every API file stays valid JSON.
func TestAnyTextKeepsAPIValid(t *testing.T) { statustest.AnyText(t, Files, checkAPI) }

func FuzzAPI(f *testing.F) { statustest.FuzzText(f, Files, checkAPI) }
