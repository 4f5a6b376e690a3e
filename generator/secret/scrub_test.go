package secret

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// echoes are the ways a server or library was seen, or may be expected,
// to write a secret back.
func echoes(v string) map[string]string {
	j, _ := json.Marshal(v)
	var allU strings.Builder
	for _, u := range utf16.Encode([]rune(v)) {
		fmt.Fprintf(&allU, `\u%04x`, u)
	}
	var allPct strings.Builder
	for _, b := range []byte(v) {
		fmt.Fprintf(&allPct, "%%%02x", b)
	}
	basic := base64.StdEncoding.EncodeToString([]byte("user:" + v))
	return map[string]string{
		"plain":            v,
		"upper":            strings.ToUpper(v),
		"lower":            strings.ToLower(v),
		"query":            url.QueryEscape(v),
		"path":             url.PathEscape(v),
		"every byte %xx":   allPct.String(),
		"double escaped":   url.QueryEscape(url.QueryEscape(v)),
		"json":             string(j),
		"json \\u all":     allU.String(),
		"go %q":            strconv.Quote(v),
		"go %+q":           strconv.QuoteToASCII(v),
		"go %q of json":    strconv.Quote(allU.String()),
		"html":             html.EscapeString(v),
		"hex":              hex.EncodeToString([]byte(v)),
		"HEX":              strings.ToUpper(hex.EncodeToString([]byte(v))),
		"base64 std":       base64.StdEncoding.EncodeToString([]byte(v)),
		"base64 raw":       base64.RawStdEncoding.EncodeToString([]byte(v)),
		"base64 url":       base64.URLEncoding.EncodeToString([]byte(v)),
		"base64 raw url":   base64.RawURLEncoding.EncodeToString([]byte(v)),
		"basic auth":       "Basic " + basic,
		"base64 offset 2":  base64.StdEncoding.EncodeToString([]byte("ab" + v + "cd")),
		"base64url offset": base64.RawURLEncoding.EncodeToString([]byte("x" + v)),
	}
}

// secrets exercise the alphabets: URL and JSON specials, base64's + and /,
// a non-ASCII letter and one outside the BMP.
var secrets = []string{
	"s3cr3t-T0KEN-abcdef",
	`k&y=v/a+b c%"<é>`,
	"?>?>?>?>?>?>?>?>~~~~",
	"jeton-Éçà-😀-fin",
}

func TestScrubForms(t *testing.T) {
	for _, v := range secrets {
		s := New(func(string) string { return v })
		if _, err := s.Expand("h", "${V}"); err != nil {
			t.Fatal(err)
		}
		for name, e := range echoes(v) {
			text := "before " + e + " after"
			got := s.Scrub(text)
			if !strings.Contains(got, Redacted) || !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") {
				t.Errorf("%q %s: Scrub(%q) = %q", v, name, text, got)
			}
			for other, o := range echoes(v) {
				if len(o) >= 8 && strings.Contains(got, o) {
					t.Errorf("%q %s: %s form left in %q", v, name, other, got)
				}
			}
		}
	}
}

func TestScrubLeavesOtherText(t *testing.T) {
	s := New(func(string) string { return "s3cr3t-T0KEN-abcdef" })
	s.Expand("h", "${V}")
	for _, text := range []string{"HTTP 502", "timeout after 4s waiting for response", `JSON status is "down", expected "ok"`} {
		if got := s.Scrub(text); got != text {
			t.Errorf("Scrub(%q) = %q", text, got)
		}
	}
}

// A secret cut by a limit no longer matches: scrubbing comes first.
func TestExcerptScrubsFirst(t *testing.T) {
	const v = "abcdefghijklmnopqr" // 18 characters
	s := New(func(string) string { return v })
	s.Expand("h", "${V}")
	text := strings.Repeat("x", 183) + v + strings.Repeat("y", 50)
	got := s.Excerpt([]byte(text), false, 200)
	if strings.Contains(got, "abcdefgh") || !strings.Contains(got, Redacted) {
		t.Errorf("Excerpt = %q", got)
	}
	if got := s.Excerpt([]byte("é"+strings.Repeat("x", 10)), false, 1); got != "…" {
		t.Errorf("cut inside a character: %q", got)
	}
}

// A read limit may cut an echo in half; the half must not survive.
func TestScrubReadDropsPartialEcho(t *testing.T) {
	const v = "abcdefghijklmnopqr"
	s := New(func(string) string { return v })
	s.Expand("h", "${V}")
	for _, e := range []string{v, url.QueryEscape(strings.ToUpper(v)), base64.StdEncoding.EncodeToString([]byte(v))} {
		data := []byte(strings.Repeat("x", 4000) + e)
		data = data[:len(data)-3]
		got := s.ScrubRead(data, true)
		if strings.Contains(got, e[:6]) {
			t.Errorf("partial echo %q left at the end of %q", e[:len(e)-3], got[len(got)-40:])
		}
		if len(data) < s.Longest() {
			t.Errorf("Longest = %d", s.Longest())
		}
	}
	if got := s.ScrubRead([]byte("short"), false); got != "short" {
		t.Errorf("whole read changed: %q", got)
	}
}

func TestLongSecretCompiles(t *testing.T) {
	v := strings.Repeat("Ab0+/", 2000)
	s := New(func(string) string { return v })
	s.Expand("h", "${V}")
	got := s.Scrub("x" + strings.ToLower(v) + "y" + base64.RawURLEncoding.EncodeToString([]byte(v)))
	if got != "x"+Redacted+"y"+Redacted {
		t.Errorf("long secret not scrubbed: %.80q", got)
	}
}

func TestRefers(t *testing.T) {
	for v, want := range map[string]bool{"Bearer ${TOKEN}": true, "plain": false, "$TOKEN": false, "${bad-name}": false} {
		if Refers(v) != want {
			t.Errorf("Refers(%q) = %v", v, !want)
		}
	}
}
