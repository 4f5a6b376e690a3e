package secret

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/secret/secrettest"
)

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
		for name, e := range secrettest.Echoes(v) {
			text := "before " + e + " after"
			got := s.Scrub(text)
			if !strings.Contains(got, Redacted) || !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") {
				t.Errorf("%q %s: Scrub(%q) = %q", v, name, text, got)
			}
			for other, o := range secrettest.Echoes(v) {
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
