// Package safetext decides which characters user text may hold and makes
// any text safe for the formats buoy writes and the terminal it prints to.
//
// Validation refuses what has no business in a title or an update (control
// characters, noncharacters, invalid UTF-8); the writers still call XML and
// Printable, so that a string that gets through another way cannot break a
// feed or a terminal. Standard library only.
package safetext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BOM is the UTF-8 byte order mark, allowed at the very start of a file.
const BOM = "\uFEFF"

// Bad describes the first character of s that user text may not hold:
// its byte offset and a phrase naming it. ok is false when s is clean.
// Tab and newline are allowed; carriage return is not (line endings are
// normalised before this is asked, so a CR left over is a stray one).
func Bad(s string) (offset int, what string, ok bool) {
	for i := 0; i < len(s); {
		// Printable ASCII first: it is nearly all of every file, and
		// decoding it as runes was most of reading an incident's text.
		if c := s[i]; c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if w := refused(r, size); w != "" {
			return i, w, true
		}
		i += size
	}
	return 0, "", false
}

// refused names r when user text may not hold it, or returns "".
func refused(r rune, size int) string {
	switch {
	case r == utf8.RuneError && size <= 1:
		return "invalid UTF-8"
	case r == '\t' || r == '\n':
		return ""
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return fmt.Sprintf("the control character %s", codePoint(r))
	case IsNonchar(r):
		return fmt.Sprintf("the noncharacter %s", codePoint(r))
	}
	return ""
}

// IsNonchar reports Unicode's 66 noncharacters: U+FDD0..U+FDEF and the last
// two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
func IsNonchar(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE && r <= utf8.MaxRune
}

func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

// XML returns s with every character XML 1.0 does not allow (controls
// other than tab, newline and carriage return; U+FFFE, U+FFFF; invalid
// UTF-8) replaced by U+FFFD, so that the text is valid in an XML document
// whether it is escaped as character data or written as CDATA.
func XML(s string) string {
	if xmlClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if xmlChar(r, size) {
			b.WriteString(s[i : i+size])
		} else {
			b.WriteRune(utf8.RuneError)
		}
		i += size
	}
	return b.String()
}

func xmlClean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !xmlChar(r, size) {
			return false
		}
		i += size
	}
	return true
}

// xmlChar is XML 1.0's Char production, for a rune decoded from size bytes.
func xmlChar(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// Printable returns s with every character a terminal would act on or
// hide (controls, escape sequences, direction overrides, invalid bytes)
// written as a Go escape such as \x1b or \u202e; the rest, spaces included,
// is left as it is, backslashes too, so that messages which already quote
// values do not change. It is for file names and messages on a terminal.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r != ' ' && !strconv.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == ' ' || strconv.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			// QuoteRune's escapes, without its quotes.
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// Lines is Printable for text of several lines: newlines stay.
func Lines(s string) string {
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Printable(p)
	}
	return strings.Join(parts, "\n")
}
