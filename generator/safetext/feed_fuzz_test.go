package safetext_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/buoystatus/buoy/generator/feed"
	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// FuzzFeeds checks that the feeds stay valid for any text in any field:
// strict XML, JSON, and what a feed reader parses. It lives here rather
// than in generator/feed, whose tests link Hugo: a fuzzing binary
// instruments every package it links, and Hugo takes minutes to build so.
func FuzzFeeds(f *testing.F) {
	for _, text := range statustest.HostileTexts() {
		f.Add(text)
	}
	// One renderer for every input, as one build has: making one is most
	// of the cost of a small site's feeds.
	build := feed.FilesWith(markdown.New(markdown.HeadingBase(3)))
	f.Fuzz(func(t *testing.T, text string) {
		files, err := build(statustest.WithText(text))
		if err != nil {
			t.Fatal(err)
		}
		for p, b := range files {
			switch {
			case strings.HasSuffix(p, ".xml"):
				if err := statustest.WellFormedXML(b); err != nil {
					t.Fatalf("%s: not well-formed XML: %v", p, err)
				}
			case strings.HasSuffix(p, ".json"):
				if !json.Valid(b) {
					t.Fatalf("%s: not valid JSON", p)
				}
			}
			// The component feeds are the site's, fewer entries: a feed
			// reader's parse of the site's is enough, and much faster.
			if strings.HasPrefix(p, "components/") {
				continue
			}
			if _, err := gofeed.NewParser().Parse(bytes.NewReader(b)); err != nil {
				t.Fatalf("%s: gofeed: %v", p, err)
			}
		}
	})
}
