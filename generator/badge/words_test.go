package badge

import (
	"testing"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

// A badge's message speaks the site's language; its colour stays.
func TestMessageInSiteLanguage(t *testing.T) {
	for lang, want := range map[string]string{"en": "major outage", "fr": "panne majeure", "ja": "停止", "pt-BR": "interrupção total"} {
		s := statustest.SmallSite()
		s.Config.Language = lang
		s.States["api"] = status.MajorOutage
		files, err := FilesIn(words.Builtin())(s)
		if err != nil {
			t.Fatal(err)
		}
		e := decodeEndpoint(t, lang, files[Dir+"api.json"])
		if e.Message != want || e.Color != "red" {
			t.Errorf("%s: %+v, want %q in red", lang, e, want)
		}
		info := parseSVG(t, lang, files[Dir+"api.svg"])
		if info.Title != "API: "+want {
			t.Errorf("%s: SVG title %q", lang, info.Title)
		}
	}
}
