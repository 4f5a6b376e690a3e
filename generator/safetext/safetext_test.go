package safetext

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBad(t *testing.T) {
	for _, tt := range []struct {
		in     string
		offset int
		what   string
	}{
		{"plain text", -1, ""},
		{"tab\tand\nnewline", -1, ""},
		{"Ünïcödé, RTL \u202e and emoji 🛟", -1, ""},
		{"a\x01b", 1, "the control character U+0001"},
		{"bell\a", 4, "the control character U+0007"},
		{"form\ffeed", 4, "the control character U+000C"},
		{"esc\x1b[31m", 3, "the control character U+001B"},
		{"cr\r\n", 2, "the control character U+000D"},
		{"del\x7f", 3, "the control character U+007F"},
		{"c1\u0085", 2, "the control character U+0085"},
		{"x\uFFFE", 1, "the noncharacter U+FFFE"},
		{"x\uFFFF", 1, "the noncharacter U+FFFF"},
		{"x\uFDD0", 1, "the noncharacter U+FDD0"},
		{"x\U0010FFFF", 1, "the noncharacter U+10FFFF"},
		{"ok\xffno", 2, "invalid UTF-8"},
		{"cut\xe2\x82", 3, "invalid UTF-8"},
	} {
		off, what, ok := Bad(tt.in)
		if tt.offset < 0 {
			if ok {
				t.Errorf("Bad(%q) = %d, %q; want clean", tt.in, off, what)
			}
			continue
		}
		if !ok || off != tt.offset || what != tt.what {
			t.Errorf("Bad(%q) = %d, %q, %v; want %d, %q", tt.in, off, what, ok, tt.offset, tt.what)
		}
	}
}

func TestXMLMakesAnyTextParse(t *testing.T) {
	for _, s := range []string{"a\x01b\x08c\x0cd\x1b", "x\uFFFE\uFFFFy", "bad\xff\xfe utf-8", "fine <&> text", "\x00"} {
		safe := XML(s)
		// As CDATA, the form that lets anything through unescaped.
		doc := "<a><![CDATA[" + strings.ReplaceAll(safe, "]]>", "]]]]><![CDATA[>") + "]]></a>"
		var v struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("XML(%q) = %q does not parse as CDATA: %v", s, safe, err)
		}
	}
	if got := XML("keep\ttab\nand\r"); got != "keep\ttab\nand\r" {
		t.Errorf("XML changed allowed text: %q", got)
	}
	if got := XML("a\x01\uFFFE\xffz"); got != "a\uFFFD\uFFFD\uFFFDz" {
		t.Errorf("XML = %q", got)
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"incidents/2025-01-01-x.yaml":     "incidents/2025-01-01-x.yaml",
		"with space/and ünï.yaml":         "with space/and ünï.yaml",
		"incidents/\x1b[31mred\x1b[0m.md": `incidents/\x1b[31mred\x1b[0m.md`,
		"evil\u202egnp.yaml":              `evil\u202egnp.yaml`,
		"new\nline\ttab\r":                `new\nline\ttab\r`,
		"bad\xffbyte":                     `bad\xffbyte`,
		`quoted "a\x01" stays`:            `quoted "a\x01" stays`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Lines("a\x1b\nb"); got != "a\\x1b\nb" {
		t.Errorf("Lines = %q", got)
	}
}

// FuzzBad compares Bad with a plain walk over the runes of s.
func FuzzBad(f *testing.F) {
	for _, s := range []string{"", "plain text\tand\nlines", "a\rb", "\x7f", "é\u0085", "\ufffe x", "\xff", "a\x00", "日本\U0010FFFF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wantOff, wantWhat, wantOK := 0, "", false
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if w := refused(r, size); w != "" {
				wantOff, wantWhat, wantOK = i, w, true
				break
			}
			i += size
		}
		off, what, ok := Bad(s)
		if off != wantOff || what != wantWhat || ok != wantOK {
			t.Errorf("Bad(%q) = %d, %q, %v; want %d, %q, %v", s, off, what, ok, wantOff, wantWhat, wantOK)
		}
	})
}
