package themes

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFind(t *testing.T) {
	repo := fstest.MapFS{
		"themes/mine/layouts/home.html": {Data: []byte("home")},
		"themes/buoy/layouts/home.html": {Data: []byte("my buoy")},
		"themes/file":                   {Data: []byte("not a folder")},
	}
	for _, tt := range []struct {
		repo          fs.FS
		name, wantDir string
		builtIn       bool
	}{
		{repo, "mine", "themes/mine", false},
		// The repository's own copy of the built-in theme wins.
		{repo, "buoy", "themes/buoy", false},
		{fstest.MapFS{}, "", ".", true},
		{nil, "buoy", ".", true},
	} {
		fsys, dir, err := Find(tt.repo, tt.name)
		if err != nil || dir != tt.wantDir {
			t.Errorf("Find(%q) = %q, %v; want %q", tt.name, dir, err, tt.wantDir)
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, "layouts/home.html"))
		if err != nil || (string(b) == "my buoy" || string(b) == "home") == tt.builtIn {
			t.Errorf("Find(%q): layouts/home.html in %q is %.20q, %v; want the built-in one: %t", tt.name, dir, b, err, tt.builtIn)
		}
	}
	var nf *NotFoundError
	if _, _, err := Find(repo, "missing"); !errors.As(err, &nf) || nf.Name != "missing" {
		t.Errorf("missing theme: %v", err)
	}
	for _, name := range []string{"file", "../buoy", "a/b", ".."} {
		if _, _, err := Find(repo, name); err == nil || errors.As(err, &nf) {
			t.Errorf("Find(%q) = %v, want a refusal", name, err)
		}
	}
}

func TestUIStrings(t *testing.T) {
	have := []string{"en", "fr", "ja", "pt-BR"}
	for _, tt := range []struct {
		have  []string
		lang  string
		use   string
		found bool
	}{
		{have, "fr", "fr", true},
		{have, "FR", "fr", true},
		{have, "pt-br", "pt-BR", true},
		{have, "fr-CA", "fr", true},
		{have, "de", "en", false},
		{have, "en-GB", "en", true},
		{[]string{"de"}, "fr", "", false},
	} {
		use, found := UIStrings(tt.have, tt.lang)
		if use != tt.use || found != tt.found {
			t.Errorf("UIStrings(%v, %q) = %q, %t; want %q, %t", tt.have, tt.lang, use, found, tt.use, tt.found)
		}
	}
}

// The pages follow the order of the words Go writes: a variant the site lacks
// gets its base language's first variant, the same one every time.
func TestUIStringsVariant(t *testing.T) {
	have := []string{"en", "pt-PT", "pt-BR", "fr"}
	for range 20 {
		if use, found := UIStrings(have, "pt-AO"); use != "pt-BR" || !found {
			t.Fatalf("UIStrings(pt-AO) = %q, %v; want pt-BR, true", use, found)
		}
	}
	if use, found := UIStrings(have, "de"); use != "en" || found {
		t.Errorf("UIStrings(de) = %q, %v; want en, false", use, found)
	}
	if use, found := UIStrings(have, "FR-ca"); use != "fr" || !found {
		t.Errorf("UIStrings(FR-ca) = %q, %v; want fr, true", use, found)
	}
}

// A variant in another script is no fallback: Traditional Chinese does not
// get Simplified.
func TestFallbacksKeepScript(t *testing.T) {
	have := []string{"en", "zh-Hans", "pt-BR"}
	for tag, want := range map[string]string{
		"zh-TW":   "en",
		"zh-Hant": "en",
		"zh-CN":   "zh-hans en",
		"zh":      "zh-hans en",
		"pt-AO":   "pt-br en",
	} {
		if got := strings.Join(Fallbacks(tag, have), " "); got != want {
			t.Errorf("Fallbacks(%q) = %q, want %q", tag, got, want)
		}
	}
}
