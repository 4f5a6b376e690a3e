package statusapi

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

// The page-wide description speaks the site's language, with the words
// of the repository's i18n/ over the theme's.
func TestDescriptionInSiteLanguage(t *testing.T) {
	book, problems, err := words.Load(fstest.MapFS{"i18n/ja.yaml": {Data: []byte("apiStatus_major: 一部で障害が起きています\n")}}, "")
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	for lang, want := range map[string]string{
		"en": "Partial System Outage", "fr": "Panne partielle du système", "ja": "一部で障害が起きています", "pt-BR": "Falha parcial no sistema", "nl": "Partial System Outage",
		"de": "Teilweiser Systemausfall", "es": "Interrupción parcial del sistema", "ru": "Частичный сбой системы", "zh-Hans": "部分系统中断",
	} {
		s := statustest.SmallSite()
		s.Config.Language = lang
		files, err := FilesIn(book)(s)
		if err != nil {
			t.Fatal(err)
		}
		var doc StatusResponse
		if err := json.Unmarshal(files[Dir+"status.json"], &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Status.Indicator != "major" || doc.Status.Description != want {
			t.Errorf("%s: %+v, want %q", lang, doc.Status, want)
		}
	}
}
