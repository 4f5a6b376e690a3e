package ical

import (
	"strings"
	"unicode/utf8"
)

// maxLine is the longest a content line may be, in octets, without its
// CRLF (RFC 5545 3.1).
const maxLine = 75

// writer accumulates content lines, CRLF-terminated and folded.
type writer struct{ strings.Builder }

// line writes "name:value"; name may carry parameters ("X;VALUE=Y"). value
// must already be escaped for its type.
func (w *writer) line(name, value string) {
	w.fold(name + ":" + value)
}

// fold writes l as lines of at most maxLine octets, each continuation
// starting with one space, never cutting a UTF-8 sequence or an escape in two.
func (w *writer) fold(l string) {
	limit := maxLine
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		// Unfolding comes before unescaping, so cutting "\n" in two is
		// legal; some readers get it wrong all the same.
		if escapeOpen(l[:cut]) {
			cut--
		}
		w.WriteString(l[:cut])
		w.WriteString("\r\n ")
		l = l[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.WriteString(l)
	w.WriteString("\r\n")
}

// escapeOpen reports whether s ends in the backslash of an escape, that is
// an odd run of backslashes.
func escapeOpen(s string) bool {
	n := 0
	for n < len(s) && s[len(s)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma are escaped, line breaks become \n.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			// A lone CR is no line break anywhere else on the page either.
		default:
			// Other control characters are not allowed in TEXT.
			if r < 0x20 && r != '\t' || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
