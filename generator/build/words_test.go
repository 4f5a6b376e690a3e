package build_test

import (
	"fmt"
	"html/template"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
	"github.com/buoystatus/buoy/generator/words"
)

// Hugo's i18n, for the pages, and generator/words, for every other output,
// read the same files and give the same text: the same key in the same
// language, plural forms included ("one" covers 0 and 1 in French, Japanese
// and Chinese have only "other", Russian "one" covers 21, "few" 2, "many" 5).
func TestPagesAndWordsAgree(t *testing.T) {
	book := words.Builtin()
	for _, days := range []int{1, 2, 5, 21, 90} {
		s := sitetest.Test(t, fmt.Sprintf(`
-- status.yaml --
title: Acme status
base_url: https://status.example.org/
language: en
languages: [en, de, es, fr, ja, pt-BR, ru, zh-Hans]
history_days: %d
components:
  - id: website
    name: Website
`, days), now)
		for lang, dir := range map[string]string{"en": "", "de": "de/", "es": "es/", "fr": "fr/", "ja": "ja/", "pt-BR": "pt-br/", "ru": "ru/", "zh-Hans": "zh-hans/"} {
			w := book.In(lang)
			for _, text := range []string{w.T("noRecentIncidents", days), w.T("indicator_none", nil), w.T("navHistory", nil)} {
				s.AssertFileContent(dir+"index.html", template.HTMLEscapeString(text))
			}
		}
	}
}
