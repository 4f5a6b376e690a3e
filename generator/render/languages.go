package render

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
)

// languageLabel is a language's name in that language, as the language
// switcher shows it: "Français", "日本語", "Português (Brasil)". Names start
// with a capital there, as items of a menu do.
func languageLabel(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	name := display.Self.Name(tag)
	if name == "" {
		return lang
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// hugoLanguages is the languages section of Hugo's config: every language
// gets every page (the cascade in hugoConfig), the default at the root.
func hugoLanguages(cfg *status.Config) map[string]any {
	out := map[string]any{}
	for i, l := range view.Languages(cfg) {
		out[view.LangKey(l)] = map[string]any{
			"locale": l,
			"label":  languageLabel(l),
			"weight": i + 1,
			"title":  cfg.Title,
		}
	}
	return out
}
