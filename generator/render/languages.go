package render

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/afero"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
	"github.com/buoystatus/buoy/themes"
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

// pruneTranslations removes from the project's copy of the theme the
// translation files no page of the site can ask for: those of languages
// outside every site language's fallbacks (themes.Fallbacks: itself, its
// base language, a variant of it, English). Hugo parses every file it
// finds when it starts, and the built-in theme has eight: for a site in
// one language, most of its set-up's time in translations. The
// repository's own i18n/ is left whole.
func pruneTranslations(fsys afero.Fs, theme string, langs []string) error {
	dir := path.Join(workDir, "themes", theme, "i18n")
	entries, err := afero.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var have []string
	for _, e := range entries {
		if lang, ok := translationLang(e); ok {
			have = append(have, lang)
		}
	}
	keep := map[string]bool{}
	for _, l := range langs {
		for _, k := range themes.Fallbacks(l, have) {
			keep[k] = true
		}
	}
	for _, e := range entries {
		if lang, ok := translationLang(e); ok && !keep[strings.ToLower(lang)] {
			if err := fsys.Remove(path.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// translationLang is the language of a translation file, as Hugo names
// it by the file's name, and whether e is one.
func translationLang(e fs.FileInfo) (string, bool) {
	ext := path.Ext(e.Name())
	switch ext {
	case ".yaml", ".yml", ".toml", ".json":
		return strings.TrimSuffix(e.Name(), ext), !e.IsDir()
	}
	return "", false
}
