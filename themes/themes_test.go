package themes

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// fieldRE finds the values a string interpolates: {{ .Count }}.
var fieldRE = regexp.MustCompile(`\{\{-?\s*\.(\w+)\s*-?\}\}`)

// fields lists the values a string, or any plural form of it, uses.
func fields(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		for _, m := range fieldRE.FindAllStringSubmatch(v, -1) {
			out = append(out, m[1])
		}
	case map[string]any:
		for _, form := range v {
			out = append(out, fields(form)...)
		}
	}
	return out
}

func readStrings(t *testing.T, fsys fs.FS, name string) map[string]any {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// unusedInEnglish are values the theme gives a string that English does
// not show: month.html passes the month's number for languages that write
// it ("2024年4月").
var unusedInEnglish = map[string][]string{"monthYear": {"Number"}}

// Every language the theme ships has every string of English, with no
// value English does not give it, and the "other" plural form wherever
// English has forms: a missing one would show English in the middle of
// the page.
func TestTranslationsComplete(t *testing.T) {
	theme := Buoy()
	en := readStrings(t, theme, "i18n/en.yaml")
	files, err := fs.Glob(theme, "i18n/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("the theme ships %v; want en, de, es, fr, ja, pt-BR, ru and zh-Hans at least", files)
	}
	for _, f := range files {
		if f == "i18n/en.yaml" {
			continue
		}
		tr := readStrings(t, theme, f)
		for key, want := range en {
			got, ok := tr[key]
			if !ok {
				t.Errorf("%s: missing %q (en: %v)", f, key, want)
				continue
			}
			if forms, ok := got.(map[string]any); ok {
				if _, ok := forms["other"]; !ok {
					t.Errorf("%s: %q has no \"other\" plural form", f, key)
				}
			} else if _, plural := want.(map[string]any); plural && !strings.Contains(got.(string), "{{") {
				// One string for every count must at least show the count.
				t.Errorf("%s: %q is plural in English but %q shows no count", f, key, got)
			}
			allowed := append(fields(want), "Count")
			allowed = append(allowed, unusedInEnglish[key]...)
			for _, name := range fields(got) {
				if !slices.Contains(allowed, name) {
					t.Errorf("%s: %q uses .%s, which the theme does not give it (en: %v)", f, key, name, want)
				}
			}
		}
	}
}

func TestUILanguages(t *testing.T) {
	repo := fstest.MapFS{
		"i18n/de.yaml":              {Data: []byte("navStatus: Status\n")},
		"i18n/fr.yaml":              {Data: []byte("navStatus: Météo\n")},
		"i18n/notes.txt":            {Data: []byte("not strings")},
		"themes/mine/i18n/nl.toml":  {Data: []byte("navStatus = 'Status'\n")},
		"themes/mine/layouts/x.txt": {Data: []byte("")},
	}
	tests := []struct {
		theme string
		want  []string
	}{
		{"", []string{"de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-Hans"}},
		{"buoy", []string{"de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-Hans"}},
		{"mine", []string{"de", "fr", "nl"}},
		{"missing", nil},
		{"../buoy", nil},
	}
	for _, tt := range tests {
		if got := UILanguages(repo, tt.theme); !slices.Equal(got, tt.want) {
			t.Errorf("UILanguages(%q) = %v, want %v", tt.theme, got, tt.want)
		}
	}
}
