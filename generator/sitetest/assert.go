package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FileContent returns a file of the built site, rel a slash path below
// public/.
func (s *Site) FileContent(rel string) string {
	s.T.Helper()
	b, err := os.ReadFile(filepath.Join(s.Out, filepath.FromSlash(rel)))
	if err != nil {
		s.T.Fatal(err)
	}
	return string(b)
}

// AssertFileContent checks a file of the built site against matches, as
// hugolib's builder does, in order: each match must stand after the one
// before it; a match starting with "! " must stand nowhere in the file.
func (s *Site) AssertFileContent(rel string, matches ...string) {
	s.T.Helper()
	AssertContent(s.T, rel, s.FileContent(rel), matches...)
}

// AssertContent is AssertFileContent for text a test already holds (a
// served page, a feed item), name saying which in the failures.
func AssertContent(t TB, name, text string, matches ...string) {
	t.Helper()
	rest := text
	for _, m := range matches {
		if bad, ok := strings.CutPrefix(m, "! "); ok {
			if strings.Contains(text, bad) {
				t.Errorf("%s: must not contain %q", name, bad)
			}
			continue
		}
		i := strings.Index(rest, m)
		switch {
		case i >= 0:
			rest = rest[i+len(m):]
		case strings.Contains(text, m):
			t.Errorf("%s: %q is out of order", name, m)
		default:
			t.Errorf("%s: missing %q", name, m)
		}
	}
}

// TB is the part of testing.TB the assertions use, so that their own
// tests can see them fail.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// AssertFileExists checks that the built site has the file rel, or that
// it has not when want is false.
func (s *Site) AssertFileExists(rel string, want bool) {
	s.T.Helper()
	st, err := os.Stat(filepath.Join(s.Out, filepath.FromSlash(rel)))
	switch {
	case want && err != nil:
		s.T.Errorf("%s: %v", rel, err)
	case want && st.IsDir():
		s.T.Errorf("%s is a folder, not a file", rel)
	case !want && !errors.Is(err, fs.ErrNotExist):
		s.T.Errorf("%s exists; it should not (%v)", rel, err)
	}
}

// Pages returns the slash paths, below public/, of every HTML page of the
// built site, in lexical order.
func (s *Site) Pages() []string {
	s.T.Helper()
	var pages []string
	err := filepath.WalkDir(s.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		rel, err := filepath.Rel(s.Out, p)
		pages = append(pages, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		s.T.Fatal(err)
	}
	return pages
}
