package feed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

// checkFeeds parses every feed as a strict XML parser, a JSON parser and a
// feed reader do.
func checkFeeds(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		switch {
		case strings.HasSuffix(p, ".xml"):
			if err := statustest.WellFormedXML(b); err != nil {
				t.Errorf("%s: not well-formed XML: %v", p, err)
			}
		case strings.HasSuffix(p, ".json"):
			if !json.Valid(b) {
				t.Errorf("%s: not valid JSON", p)
			}
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: gofeed: %v", p, err)
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
