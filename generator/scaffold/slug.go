package scaffold

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlug keeps file names and URLs readable; titles are often sentences.
const maxSlug = 50

// latin spells the letters that do not decompose into an ASCII letter and
// combining marks, so "Straße" gives "strasse" rather than "stra-e".
var latin = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŋ': "ng", 'Ŋ': "ng",
}

// Slug turns a title into the slug part of an incident file name: lower
// case ASCII letters, digits and single dashes. Accents are dropped
// ("Panne réseau" gives "panne-reseau"). A title with no Latin letter
// (Japanese, say) gives fallback followed by a short hash of the title, so
// the same title always gives the same name.
func Slug(title, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by the decomposition of an accented letter.
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case latin[r] != "":
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(latin[r])
		case r == '\'' || r == '’':
			// "Can't reach" reads better as "cant-reach" than "can-t-reach".
		default:
			dash = true
		}
	}
	s := truncate(b.String(), maxSlug)
	if strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0 {
		sum := sha256.Sum256([]byte(strings.TrimSpace(title)))
		return fallback + "-" + hex.EncodeToString(sum[:3])
	}
	return s
}

// truncate shortens a slug to at most n bytes, at a dash when there is one.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}
