package outputtest_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/badge"
	"github.com/buoystatus/buoy/generator/outputtest"
)

// Each check refuses what its readers refuse: a check that accepted
// anything would let every test built on it pass.
func TestSVGBadgeRejects(t *testing.T) {
	good := badge.SVG(badge.Badge{Label: "a", Message: "b", Hex: "#4c1"}, "x")
	if _, err := outputtest.SVGBadge(good); err != nil {
		t.Fatalf("good badge rejected: %v", err)
	}
	for name, bad := range map[string]string{
		"unclosed":   strings.Replace(string(good), "</svg>", "", 1),
		"no title":   regexp.MustCompile(`<title>.*</title>`).ReplaceAllString(string(good), ""),
		"wrong size": strings.Replace(string(good), `<svg xmlns="http://www.w3.org/2000/svg" width="`, `<svg xmlns="http://www.w3.org/2000/svg" width="1`, 1),
		"bad ref":    strings.Replace(string(good), `url(#r-x)`, `url(#nope)`, 1),
	} {
		if _, err := outputtest.SVGBadge([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestShieldsEndpointRejects(t *testing.T) {
	for name, bad := range map[string]string{
		"unknown field": `{"schemaVersion":1,"label":"a","message":"b","color":"red","nope":1}`,
		"no message":    `{"schemaVersion":1,"label":"a","message":"","color":"red"}`,
		"hex colour":    `{"schemaVersion":1,"label":"a","message":"b","color":"#f00"}`,
		"short cache":   `{"schemaVersion":1,"label":"a","message":"b","color":"red","cacheSeconds":60}`,
	} {
		if _, err := outputtest.ShieldsEndpoint([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestContentLinesRejects(t *testing.T) {
	for name, bad := range map[string]string{
		"LF only":  "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"too long": "X:" + strings.Repeat("a", 80) + "\r\n",
		"split 日本": "X:" + strings.Repeat("a", 72) + "\xe6\x97\r\n \xa5\r\n",
	} {
		if outputtest.ContentLines(bad) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestJSONFeedRejects(t *testing.T) {
	if err := outputtest.JSONFeed([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":"a"}]}`)); err == nil {
		t.Error("an item without content was accepted")
	}
}
