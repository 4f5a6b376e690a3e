package view

import "testing"

// A list address's local part may hold what a mailto: URL reads as the
// start of its headers: escaped, the link still writes to the list alone.
func TestMailto(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"status@lists.example.org": "mailto:status@lists.example.org",
		"status+news@example.org":  "mailto:status+news@example.org",
		"a?cc=evil@example.org":    "mailto:a%3Fcc=evil@example.org",
		"a#b%c@example.org":        "mailto:a%23b%25c@example.org",
		"o'brien/x@example.org":    "mailto:o%27brien%2Fx@example.org",
	} {
		if got := mailto(in); got != want {
			t.Errorf("mailto(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinkText(t *testing.T) {
	for in, want := range map[string]string{
		"https://t.me/example_status":             "t.me/example_status",
		"https://example.org/":                    "example.org",
		"http://example.org":                      "example.org",
		"https://example.org/news/":               "example.org/news/",
		"https://matrix.to/#/#status:example.org": "matrix.to/#/#status:example.org",
	} {
		if got := linkText(in); got != want {
			t.Errorf("linkText(%q) = %q, want %q", in, got, want)
		}
	}
}
