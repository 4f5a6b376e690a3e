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
// has only "other").
func TestPagesAndWordsAgree(t *testing.T) {
	book := words.Builtin()
	for _, days := range []int{1, 90} {
		s := sitetest.Test(t, fmt.Sprintf(`
-- status.yaml --
title: Acme status
base_url: https://status.example.org/
language: en
languages: [en, fr, ja, pt-BR]
history_days: %d
components:
  - id: website
    name: Website
`, days), now)
		for lang, dir := range map[string]string{"en": "", "fr": "fr/", "ja": "ja/", "pt-BR": "pt-br/"} {
			w := book.In(lang)
			for _, text := range []string{w.T("noRecentIncidents", days), w.T("indicator_none", nil), w.T("navHistory", nil)} {
				s.AssertFileContent(dir+"index.html", template.HTMLEscapeString(text))
			}
		}
	}
}
