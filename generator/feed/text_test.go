package feed

import (
	"testing"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// checkFeeds parses every feed as a strict XML parser, a JSON parser and a
// feed reader do.
func checkFeeds(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		if err := outputtest.Valid(p, b); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// Whatever text gets past buoy check, every feed stays valid. The fuzz
// target over the same check is FuzzFeeds in generator/safetext: this
// package's tests build a real site, and a fuzzing binary that links Hugo
// takes minutes to compile.
func TestAnyTextKeepsFeedsValid(t *testing.T) {
	for _, text := range statustest.HostileTexts() {
		files := statustest.Write(t, Files, statustest.WithText(text))
		if len(files) == 0 {
			t.Fatal("no feeds")
		}
		checkFeeds(t, files)
	}
}
