package outputtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

// Valid reads a file of the site, p its slash path, as its readers do,
// by its kind: XML and SVG with a strict parser, JSON as JSON in UTF-8
// (RFC 8259 8.1: Go's decoder lets invalid bytes through, so the file is
// checked, not only the parse), a calendar with the iCalendar library, and
// a feed (rss.xml, atom.xml, feed.json) as a feed reader does. Other files
// pass.
func Valid(p string, b []byte) error {
	var err error
	switch path.Ext(p) {
	case ".xml", ".svg":
		err = statustest.WellFormedXML(b)
	case ".json":
		var v any
		err = json.Unmarshal(b, &v)
		if err == nil && !utf8.Valid(b) {
			err = errors.New("invalid UTF-8")
		}
	case ".ics":
		_, err = Calendar(b)
	}
	if err != nil {
		return err
	}
	switch path.Base(p) {
	case "rss.xml", "atom.xml", "feed.json":
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
			return fmt.Errorf("gofeed: %w", err)
		}
	}
	return nil
}
