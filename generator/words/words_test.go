package words_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/buoystatus/buoy/generator/words"
)

func TestFallbacks(t *testing.T) {
	have := []string{"en", "fr", "fr-CA", "pt", "pt-BR", "pt-PT", "ja", "zh-Hant", "zh-Hans"}
	for tag, want := range map[string]string{
		"pt-BR": "pt-br pt en",
		"pt-AO": "pt pt-br en",
		"PT-pt": "pt-pt pt pt-br en",
		"fr":    "fr fr-ca en",
		"fr-BE": "fr fr-ca en",
		"ja-JP": "ja en",
		"zh-TW": "zh-hant en", // the variant in its own script
		"de":    "en",
		"":      "en",
		"en-GB": "en",
	} {
		if got := strings.Join(words.Fallbacks(tag, have), " "); got != want {
			t.Errorf("Fallbacks(%q) = %q, want %q", tag, got, want)
		}
	}
}

// TestVariantChoiceIsStable: between two variants of a language, the first
// in alphabetical order, whatever order the languages come in.
func TestVariantChoiceIsStable(t *testing.T) {
	repo := fstest.MapFS{
		"i18n/pt-PT.yaml": {Data: []byte("hello: Olá (PT)\n")},
		"i18n/pt-BR.yaml": {Data: []byte("hello: Olá (BR)\n")},
		"i18n/fr-CA.yaml": {Data: []byte("hello: Bonjour (CA)\n")},
		"i18n/fr-BE.yaml": {Data: []byte("hello: Bonjour (BE)\n")},
	}
	for range 50 {
		b := load(t, repo, "")
		if got := b.T("pt-AO", "hello", nil); got != "Olá (BR)" {
			t.Fatalf("pt-AO: %q, want pt-BR's", got)
		}
		if got := b.T("fr-CH", "hello", nil); got != "Bonjour (BE)" {
			t.Fatalf("fr-CH: %q, want fr-BE's", got)
		}
	}
}

func TestPluralsAsHugo(t *testing.T) {
	b := words.Builtin()
	for _, c := range []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 1, "No incidents in the last day."},
		{"en", 0, "No incidents in the last 0 days."},
		{"en", 90, "No incidents in the last 90 days."},
		// French: one covers 0 and 1.
		{"fr", 0, "Aucun incident"},
		{"fr", 90, "90"},
		{"ja", 1, "1"},
		{"pt-BR", 90, "90"},
		// Russian: one for 1 and 21, few for 2-4 and 22-24, many for 0, 5-20.
		{"ru", 1, "За последний 1 день "},
		{"ru", 21, "За последний 21 день "},
		{"ru", 2, "За последние 2 дня "},
		{"ru", 24, "За последние 24 дня "},
		{"ru", 5, "За последние 5 дней "},
		{"ru", 11, "За последние 11 дней "},
		{"ru", 0, "За последние 0 дней "},
		{"zh-Hans", 1, "过去1天内"},
		{"de", 1, "am letzten Tag"},
		{"es", 90, "en los últimos 90 días"},
	} {
		got := b.T(c.tag, "noRecentIncidents", c.n)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s, %d: %q, want it to hold %q", c.tag, c.n, got, c.want)
		}
	}
	if a, b := b.T("fr", "noRecentIncidents", 1), b.T("fr", "noRecentIncidents", 2); a == b {
		t.Errorf("French one and other are the same: %q", a)
	}
	// A count in Args picks the form too, and the other arguments fill in.
	if got := b.T("en", "uptimeOver", words.Args{"Count": 1, "Percent": "99.9%"}); got != "99.9% uptime over the last day." {
		t.Errorf("uptimeOver: %q", got)
	}
}

func TestLayers(t *testing.T) {
	repo := fstest.MapFS{
		// The repository's own file changes one key of French.
		"i18n/fr.yaml": {Data: []byte("navStatus: Météo des services\n")},
		// A theme of its own, older than buoy: no badge words.
		"themes/old/i18n/en.yaml": {Data: []byte("navStatus: Now\nnavHistory: Past\n")},
		"themes/old/i18n/nl.toml": {Data: []byte("navStatus = \"Nu\"\n[noRecentIncidents]\none = \"Eén dag\"\nother = \"{{ .Count }} dagen\"\n")},
	}
	b := load(t, repo, "old")
	for _, c := range []struct{ tag, key, want string }{
		{"fr", "navStatus", "Météo des services"},
		{"fr", "navHistory", "Historique"},         // the built-in French
		{"en", "navStatus", "Now"},                 // the theme's
		{"en", "badge_operational", "operational"}, // the built-in English, under the theme's
		{"nl", "navStatus", "Nu"},
		{"nl", "navHistory", "Past"}, // Dutch lacks it: English, the theme's first
		{"nl", "badge_major_outage", "major outage"},
	} {
		if got := b.T(c.tag, c.key, nil); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.tag, c.key, got, c.want)
		}
	}
	if got := b.T("nl", "noRecentIncidents", 3); got != "3 dagen" {
		t.Errorf("Dutch plural from TOML: %q", got)
	}
	if got := strings.Join(b.Languages(), " "); got != "de en es fr ja nl pt-BR ru zh-Hans" {
		t.Errorf("languages %q", got)
	}
	// Under the built-in theme, a repository's themes/old/ is not read.
	if got := load(t, repo, "").T("en", "navStatus", nil); got != "Current status" {
		t.Errorf("built-in theme: %q", got)
	}
}

func TestMissingKey(t *testing.T) {
	w := words.Builtin().In("fr")
	if got := w.T("noSuchKey", nil); got != "noSuchKey" {
		t.Errorf("missing key: %q", got)
	}
	if w.Has("noSuchKey") || !w.Has("navStatus") {
		t.Error("Has is wrong")
	}
	if w.Lang() != "fr" {
		t.Errorf("Lang() = %q", w.Lang())
	}
}

func TestHTML(t *testing.T) {
	repo := fstest.MapFS{"i18n/en.yaml": {Data: []byte("x: \"<b>{{ .Name }}</b> & {{ .Who }}\"\n")}}
	w := load(t, repo, "").In("en")
	got := w.HTML("x", words.Args{"Name": "a<b", "Who": words.HTML("<bdi>Z&amp;Y</bdi>")})
	if want := "&lt;b&gt;a&lt;b&lt;/b&gt; &amp; <bdi>Z&amp;Y</bdi>"; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
}

func TestProblems(t *testing.T) {
	for _, c := range []struct {
		name, path, src, want string
	}{
		{"syntax", "i18n/fr.yaml", "a: b\n c: [\n", "i18n/fr.yaml:2:"},
		{"no other", "i18n/fr.yaml", "ok: x\nn:\n  one: un\n", `i18n/fr.yaml:3:3: "n": plural forms need other`},
		{"template", "i18n/fr.yaml", "a: \"{{ .X \"\n", `i18n/fr.yaml:1:4: "a": `},
		{"mixed", "i18n/fr.yaml", "n:\n  one: un\n  autre: deux\n", `i18n/fr.yaml:3:3: "n": "autre" is no plural form`},
		{"list", "i18n/fr.yaml", "n: [a, b]\n", `i18n/fr.yaml:1:4: "n": expected a text`},
		{"toml", "i18n/de.toml", "a = \n", "i18n/de.toml:1:"},
		{"control", "i18n/fr.yaml", "a: \"x\x00y\"\n", "i18n/fr.yaml:1:"},
		{"theme", "themes/mine/i18n/fr.yaml", "a: [\n", "themes/mine/i18n/fr.yaml:"},
	} {
		repo := fstest.MapFS{c.path: {Data: []byte(c.src)}}
		theme := ""
		if strings.HasPrefix(c.path, "themes/mine/") {
			theme = "mine"
		}
		b, problems, err := words.Load(repo, theme)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if b != nil || !strings.HasPrefix(problems.Error(), c.want) {
			t.Errorf("%s: got %v, want a problem starting %q", c.name, problems, c.want)
		}
	}
}

// TestNested: a mapping without plural forms nests its keys, as go-i18n
// reads it; a translation key is the text.
func TestNested(t *testing.T) {
	repo := fstest.MapFS{"i18n/en.yaml": {Data: []byte("a:\n  b: nested\nc:\n  translation: translated\n")}}
	w := load(t, repo, "").In("en")
	if got := w.T("a.b", nil) + " " + w.T("c", nil); got != "nested translated" {
		t.Errorf("got %q", got)
	}
}

func load(t *testing.T, repo fstest.MapFS, theme string) *words.Book {
	t.Helper()
	b, problems, err := words.Load(repo, theme)
	if err != nil || len(problems) > 0 {
		t.Fatalf("load: %v %v", err, problems)
	}
	return b
}

// A Memo gives the same book while the repository's files read the same,
// and a new one when one changes.
func TestMemo(t *testing.T) {
	repo := fstest.MapFS{"i18n/fr.yaml": {Data: []byte("navStatus: Météo\n")}}
	var m words.Memo
	first, problems, err := m.Load(repo, "")
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	again, _, _ := m.Load(repo, "")
	if again != first {
		t.Error("unchanged files loaded again")
	}
	repo["i18n/fr.yaml"] = &fstest.MapFile{Data: []byte("navStatus: Ciel\n")}
	changed, _, _ := m.Load(repo, "")
	if changed == first || changed.T("fr", "navStatus", nil) != "Ciel" {
		t.Errorf("an edit is not seen: %q", changed.T("fr", "navStatus", nil))
	}
	repo["i18n/fr.yaml"] = &fstest.MapFile{Data: []byte("navStatus: [\n")}
	if b, problems, _ := m.Load(repo, ""); b != nil || len(problems) == 0 {
		t.Error("a broken edit is not reported")
	}
	delete(repo, "i18n/fr.yaml")
	if b, _, _ := m.Load(repo, ""); b.T("fr", "navStatus", nil) != "État actuel" {
		t.Errorf("a removed file is still read: %q", b.T("fr", "navStatus", nil))
	}
}
