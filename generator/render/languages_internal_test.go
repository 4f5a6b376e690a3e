package render

import (
	"io"
	"path"
	"slices"
	"testing"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/status"
)

// Hugo is given the theme's translations of the site's languages and of
// what they fall back to, and no others.
func TestProjectTranslations(t *testing.T) {
	for _, tc := range []struct {
		langs []string
		want  []string
	}{
		{[]string{"en"}, []string{"en.yaml"}},
		{[]string{"fr"}, []string{"en.yaml", "fr.yaml"}},
		{[]string{"en", "fr", "ja", "pt-BR"}, []string{"en.yaml", "fr.yaml", "ja.yaml", "pt-BR.yaml"}},
		// A language the theme lacks gets a copy of its base's variant
		// under its own name (ensureTranslation): the copy is all it needs.
		{[]string{"pt-AO"}, []string{"en.yaml", "pt-ao.yaml"}},
		{[]string{"zh-Hans", "ru"}, []string{"en.yaml", "ru.yaml", "zh-Hans.yaml"}},
	} {
		cfg := &status.Config{Title: "T", BaseURL: "https://status.example.org/", Language: tc.langs[0], Languages: tc.langs}
		p, err := makeProject(cfg, Options{Log: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := afero.ReadDir(p.fs, path.Join(workDir, "themes", p.theme, "i18n"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: translations %v, want %v", tc.langs, got, tc.want)
		}
	}
}
