// Package lang picks, among texts written in a few languages, the ones for
// a BCP 47 tag, for the words buoy writes outside the theme (drafted
// incidents, alerts), which Hugo's i18n does not reach.
package lang

import "strings"

// Fallback is the language used when no other matches.
const Fallback = "en"

// Pick returns the entry of texts for tag: the exact tag, then the same
// base language (pt-PT gets pt-BR, fr-CA gets fr), then English. Among
// several entries of the base language the first in alphabetical order
// wins, so the bare language (fr) before its variants (fr-BE, fr-CA), and
// the choice never depends on map order.
func Pick[T any](texts map[string]T, tag string) T {
	if t, ok := texts[tag]; ok {
		return t
	}
	base := Base(tag)
	best, found := "", false
	for k := range texts {
		if Base(k) == base && (!found || k < best) {
			best, found = k, true
		}
	}
	if found {
		return texts[best]
	}
	return texts[Fallback]
}

// Base is the lower-case primary language of a tag: "pt" for "pt-BR".
func Base(tag string) string {
	b, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return b
}
