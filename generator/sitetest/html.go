package sitetest

import (
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Select returns the elements of the built page rel that a CSS selector
// matches, for checks the assertions below do not make.
func (s *Site) Select(rel, selector string) *goquery.Selection {
	s.T.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s.FileContent(rel)))
	if err != nil {
		s.T.Fatalf("%s: %v", rel, err)
	}
	return doc.Find(selector)
}

// AssertSelector checks the page rel by structure rather than by its
// bytes: the elements selector matches have, in order, the texts want
// (white space collapsed, as a reader sees them); with no want, at least
// one element matches. A selector starting with "! " must match nothing.
func (s *Site) AssertSelector(rel, selector string, want ...string) {
	s.T.Helper()
	if sel, ok := strings.CutPrefix(selector, "! "); ok {
		if n := s.Select(rel, sel).Length(); n > 0 {
			s.T.Errorf("%s: %q matches %d elements, want none", rel, sel, n)
		}
		return
	}
	got := s.Select(rel, selector).Map(func(_ int, e *goquery.Selection) string {
		return strings.Join(strings.Fields(e.Text()), " ")
	})
	checkList(s.T, rel, selector, "texts", got, want)
}

// AssertAttr checks that the elements selector matches in the page rel
// have the attribute attr with the values want, in order; with no want,
// at least one element matches.
func (s *Site) AssertAttr(rel, selector, attr string, want ...string) {
	s.T.Helper()
	got := s.Attrs(rel, selector, attr)
	checkList(s.T, rel, selector, attr, got, want)
}

// Attrs returns the values of attr of the elements selector matches in
// the page rel, in document order; an element without it gives "".
func (s *Site) Attrs(rel, selector, attr string) []string {
	s.T.Helper()
	return s.Select(rel, selector).Map(func(_ int, e *goquery.Selection) string {
		v, _ := e.Attr(attr)
		return v
	})
}

func checkList(t TB, rel, selector, what string, got, want []string) {
	t.Helper()
	switch {
	case len(got) == 0:
		t.Errorf("%s: nothing matches %q", rel, selector)
	case len(want) > 0 && !slices.Equal(got, want):
		t.Errorf("%s: %q %s are %q, want %q", rel, selector, what, got, want)
	}
}
