package secret

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The forms a secret is scrubbed in. A server or a library rarely echoes a
// header as it was sent: it percent-escapes it in a URL, quotes it with Go
// or JSON escapes, upper-cases it, or shows the base64 of a Basic
// credential that contains it. Each character of a secret may therefore
// appear as itself (any case), percent-escaped (once or twice), as a JSON
// or Go escape, or as an HTML character reference, in any mix; and the
// whole secret as hex or base64 (standard and URL alphabets, with and
// without padding, and the part of it that does not depend on its
// neighbours when the secret sits at any of the three byte alignments
// inside a longer encoded text).

// perCharLimit bounds the secrets whose every character is matched in all
// its forms; longer ones (keys of several KiB) are matched in their whole
// forms only (as they are, upper and lower case, escaped for URLs and
// JSON), which keeps the expression small and fast.
const perCharLimit = 512

// minCore is the shortest embedded base64 fragment worth matching: shorter
// ones would redact unrelated words.
const minCore = 8

// scrubber finds every form of a set of values: an expression for the
// forms made character by character, literal replacement for the whole
// ones.
type scrubber struct {
	re      *regexp.Regexp
	lits    *strings.Replacer
	longest int
}

func (sc *scrubber) scrub(text string) string {
	if sc.re != nil {
		text = sc.re.ReplaceAllLiteralString(text, Redacted)
	}
	return sc.lits.Replace(text)
}

// compile returns the scrubber for values.
func compile(values []string) *scrubber {
	vs := append([]string(nil), values...)
	// A longer value first, so that one containing another is redacted
	// whole.
	sort.SliceStable(vs, func(i, j int) bool { return len(vs[i]) > len(vs[j]) })
	sc := &scrubber{}
	var alts, lits []string
	for _, v := range vs {
		whole := wholeForms(v)
		if utf8.RuneCountInString(v) <= perCharLimit {
			a, n := perChar(v)
			alts = append(alts, a)
			sc.longest = max(sc.longest, n)
		} else {
			whole = append(whole, v, strings.ToUpper(v), strings.ToLower(v), url.QueryEscape(v), url.PathEscape(v))
			if q, err := json.Marshal(v); err == nil {
				whole = append(whole, string(q[1:len(q)-1]))
			}
		}
		for _, f := range whole {
			lits = append(lits, f)
			sc.longest = max(sc.longest, len(f))
		}
	}
	if len(alts) > 0 {
		sc.re = regexp.MustCompile(`(?i)(?:` + strings.Join(alts, "|") + `)`)
	}
	sort.SliceStable(lits, func(i, j int) bool { return len(lits[i]) > len(lits[j]) })
	var pairs []string
	for _, l := range lits {
		pairs = append(pairs, l, Redacted)
	}
	sc.lits = strings.NewReplacer(pairs...)
	return sc
}

// perChar returns an expression matching v with each character in any of
// its forms, and the longest text it matches.
func perChar(v string) (string, int) {
	var b strings.Builder
	n := 0
	for _, r := range v {
		b.WriteString("(?:")
		w := 0
		for i, c := range charForms(r) {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(regexp.QuoteMeta(c))
			w = max(w, len(c))
		}
		b.WriteString(")")
		n += w
	}
	return b.String(), n
}

// wholeForms are encodings of the value as a whole that are not made
// character by character.
func wholeForms(v string) []string {
	var out []string
	if h := hex.EncodeToString([]byte(v)); len(h) >= minCore {
		out = append(out, h, strings.ToUpper(h))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		out = append(out, enc.EncodeToString([]byte(v)), enc.WithPadding(base64.NoPadding).EncodeToString([]byte(v)))
		for k := range 3 {
			if c := core(enc, v, k); len(c) >= minCore {
				out = append(out, c)
			}
		}
	}
	return out
}

// core is the part of the base64 of v, placed after k other bytes, that
// only v's bytes determine: the characters mixing in a neighbour's bits,
// and the padding, are left out.
func core(enc *base64.Encoding, v string, k int) string {
	s := enc.WithPadding(base64.NoPadding).EncodeToString(append(make([]byte, k), v...))
	// k leading bytes fill k*8 bits: the characters up to the one holding
	// the last of them.
	lead := []int{0, 2, 3}[k]
	trail := 0
	if (k+len(v))%3 != 0 {
		trail = 1
	}
	if len(s) < lead+trail {
		return ""
	}
	return s[lead : len(s)-trail]
}

// charForms are the ways one character may be written.
func charForms(r rune) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	s := string(r)
	add(s)
	var pct, pct2 strings.Builder
	for _, b := range []byte(s) {
		fmt.Fprintf(&pct, "%%%02X", b)
		fmt.Fprintf(&pct2, "%%25%02X", b)
	}
	add(pct.String())
	add(pct2.String())
	if r == ' ' {
		add("+")
		add("%2B") // a query escaped twice
	}
	if r < 0x80 {
		add(fmt.Sprintf(`\x%02X`, r))
	}
	if r > 0xFFFF {
		hi, lo := utf16Pair(r)
		add(fmt.Sprintf(`\u%04X\u%04X`, hi, lo))
	} else {
		add(fmt.Sprintf(`\u%04X`, r))
	}
	add(fmt.Sprintf(`\U%08X`, r))
	for _, q := range []string{strconv.Quote(s), strconv.QuoteToASCII(s)} {
		add(q[1 : len(q)-1])
	}
	if q, err := json.Marshal(s); err == nil {
		add(string(q[1 : len(q)-1]))
	}
	add(`\` + s) // JS and JSON allow `\/`, shells `\$`
	add(fmt.Sprintf("&#%d;", r))
	add(fmt.Sprintf("&#x%X;", r))
	add(html.EscapeString(s))
	// An escaped text quoted again (a Go error quoting a JSON echo) doubles
	// its backslashes.
	for _, f := range out {
		if strings.Contains(f, `\`) {
			add(strings.ReplaceAll(f, `\`, `\\`))
		}
	}
	return out
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xD800 + (r>>10)&0x3FF, 0xDC00 + r&0x3FF
}
