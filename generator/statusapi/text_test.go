package statusapi

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

func checkAPI(t *testing.T, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no files")
	}
	for p, b := range files {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		// JSON is UTF-8 (RFC 8259 8.1); Go would let invalid bytes through
		// a json.RawMessage, so check the file, not only the parse.
		if !utf8.Valid(b) {
			t.Errorf("%s: invalid UTF-8", p)
		}
	}
}

// Whatever text gets past buoy check, every API file stays valid JSON.
func TestAnyTextKeepsAPIValid(t *testing.T) { statustest.AnyText(t, Files, checkAPI) }

func FuzzAPI(f *testing.F) { statustest.FuzzText(f, Files, checkAPI) }
