package outputtest

import "testing"

func TestKeyCheckCatchesDrift(t *testing.T) {
	if err := keysExactly(map[string]any{"id": 1, "extra": 2}, []string{"id"}); err == nil {
		t.Error("an unknown key passed")
	}
	if err := keysExactly(map[string]any{"id": 1}, []string{"id", "name"}); err == nil {
		t.Error("a missing key passed")
	}
	if _, err := DecodeStatusAPI([]byte(`{"page":{"id":"x","nope":1}}`)); err == nil {
		t.Error("the mirror structs accepted an unknown field")
	}
	if _, err := StatusAPI("status.json", []byte(`{"page":{"id":"x","name":"n","url":"u","time_zone":"z","updated_at":"t"}}`)); err == nil {
		t.Error("status.json without its status passed")
	}
}

func TestValidRejects(t *testing.T) {
	for p, bad := range map[string]string{
		"badge.svg":   "<svg><title>x</svg>",
		"api/x.json":  `{"a": 1`,
		"badge.json":  "{\"a\": \"\xff\"}",
		"x.ics":       "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		"rss.xml":     "<html></html>",
		"feed.json":   `[1]`,
		"sitemap.xml": "<urlset>",
	} {
		if Valid(p, []byte(bad)) == nil {
			t.Errorf("%s: %q accepted", p, bad)
		}
	}
	if err := Valid("index.html", []byte("anything")); err != nil {
		t.Errorf("a page: %v", err)
	}
}
