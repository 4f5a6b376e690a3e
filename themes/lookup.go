package themes

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// NotFoundError is a theme that is neither a folder of the repository
// nor built in.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("theme %q: no folder themes/%s, and only %q is built in", e.Name, e.Name, Default)
}

// Find returns the theme a site of repo uses, and the folder in fsys that
// holds it: themes/<name>/ of the repository when that exists, else the
// built-in theme (fsys is Buoy(), dir "."). It is the one place that
// decides which theme a site gets; repo may be nil, a site with no files.
func Find(repo fs.FS, name string) (fsys fs.FS, dir string, err error) {
	if name == "" {
		name = Default
	}
	if name != path.Base(name) || name == "." || name == ".." || !fs.ValidPath(name) {
		return nil, "", fmt.Errorf("theme %q: not a folder name", name)
	}
	if repo != nil {
		local := path.Join("themes", name)
		st, err := fs.Stat(repo, local)
		switch {
		case err == nil && st.IsDir():
			return repo, local, nil
		case err == nil:
			return nil, "", fmt.Errorf("theme %q: %s is not a folder", name, local)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, "", fmt.Errorf("theme %q: %w", name, err)
		}
	}
	if name == Default {
		return Buoy(), ".", nil
	}
	return nil, "", &NotFoundError{Name: name}
}

// Fallbacks is the order in which languages are asked for a key of tag,
// among the languages have: tag itself, its base language ("pt" for
// "pt-BR"), the base language's first variant in alphabetical order that
// is written in the same script (so "pt-AO" gets "pt-BR" before "pt-PT",
// every time, and "zh-TW", written in Traditional characters, never gets
// "zh-Hans"), then English. Tags are
// matched without regard to case; the result is in lower case and names
// each language once.
func Fallbacks(tag string, have []string) []string {
	set := make(map[string]bool, len(have))
	for _, h := range have {
		set[strings.ToLower(h)] = true
	}
	var out []string
	add := func(k string) {
		if set[k] && !contains(out, k) {
			out = append(out, k)
		}
	}
	tag = strings.ToLower(tag)
	base, _, _ := strings.Cut(tag, "-")
	add(tag)
	add(base)
	var variants []string
	script := scriptOf(tag)
	for k := range set {
		if strings.HasPrefix(k, base+"-") && scriptOf(k) == script {
			variants = append(variants, k)
		}
	}
	if len(variants) > 0 {
		sort.Strings(variants)
		add(variants[0])
	}
	add("en")
	return out
}

// scriptOf is the script a language tag is most likely written in
// (Latn for "pt-BR", Hant for "zh-TW", Hans for "zh-Hans" and "zh").
func scriptOf(tag string) string {
	script, _ := language.Make(tag).Script()
	return script.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// UIStrings picks the language whose UI strings a page in lang shows,
// among those a site has (have, as UILanguages lists them): the first of
// Fallbacks, so the pages and the words Go writes (generator/words) follow
// one order. found is false when lang falls back to English or to nothing
// (use is then "en" or ""): the site lacks its words.
func UIStrings(have []string, lang string) (use string, found bool) {
	order := Fallbacks(lang, have)
	if len(order) == 0 {
		return "", false
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	found = order[0] == base || strings.HasPrefix(order[0], base+"-")
	for _, h := range have {
		if strings.EqualFold(h, order[0]) {
			return h, found
		}
	}
	return order[0], found
}
