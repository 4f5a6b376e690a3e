package themes

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
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

// UIStrings picks the language whose UI strings a page in lang shows,
// among those a site has (have, as UILanguages lists them): lang itself,
// else its base language ("fr" for "fr-CA"), else English, matched
// without regard to case. found is false when lang falls back to English
// or to nothing (use is then "en" or ""): the site lacks its words.
func UIStrings(have []string, lang string) (use string, found bool) {
	base, _, _ := strings.Cut(lang, "-")
	for _, want := range []string{lang, base} {
		for _, h := range have {
			if strings.EqualFold(h, want) {
				return h, true
			}
		}
	}
	for _, h := range have {
		if strings.EqualFold(h, "en") {
			return h, false
		}
	}
	return "", false
}
