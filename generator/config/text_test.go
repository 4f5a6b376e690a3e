package config

import (
	"fmt"
	"strings"
	"testing"
)

// textFields holds every kind of user string in status.yaml, each value a
// token a test replaces with text holding a character that is not text.
const textFields = `title: TITLE
description: DESCRIPTION
base_url: https://status.example.org/
components:
  - id: web
    name: NAME
    group: GROUP
    description: CDESCRIPTION
    probes:
      - id: home
        type: http
        url: https://example.org/
        headers: { HEADERNAME: HEADERVALUE }
        expect: { body_contains: CONTAINS, json: { JSONPATH: JSONVALUE } }
      - { id: dns, type: dns, name: DNSNAME, record: txt, expect: { values: [DNSVALUE] } }
`

var textTokens = []string{"TITLE", "DESCRIPTION", "NAME", "GROUP", "CDESCRIPTION", "HEADERNAME", "HEADERVALUE", "CONTAINS", "JSONPATH", "JSONVALUE", "DNSNAME", "DNSVALUE"}

// fill replaces every token but one with plain text.
func fill(bad, with string) string {
	s := textFields
	s = strings.Replace(s, bad, with, 1)
	for _, tok := range textTokens {
		s = strings.ReplaceAll(s, tok, strings.ToLower(tok))
	}
	return s
}

// position is the 1-based line and column of the first occurrence of tok.
func position(s, tok string) (int, int) {
	i := strings.Index(s, tok)
	line := strings.Count(s[:i], "\n") + 1
	return line, i - strings.LastIndex(s[:i], "\n")
}

func TestTextRefusedInEveryField(t *testing.T) {
	if _, problems := Parse("status.yaml", []byte(fill("", ""))); len(problems) > 0 {
		t.Fatalf("the template itself has problems: %v", problems)
	}
	for _, tok := range textTokens {
		line, col := position(textFields, tok)
		for _, tc := range []struct {
			name, value string
			col         int // of the problem, from the token's
			what        string
		}{
			// Written as YAML escapes: the position is the value's.
			{"escaped control", `"a\x01b"`, 0, "the control character U+0001 (character 2 of this value)"},
			{"escaped escape", `"a\e[31mb"`, 0, "the control character U+001B (character 2 of this value)"},
			{"escaped CRLF", `"a\r\nb"`, 0, "the control character U+000D (character 2 of this value)"},
			{"escaped FFFE", `"a\uFFFEb"`, 0, "the noncharacter U+FFFE (character 2 of this value)"},
			// Written as they are: the position is the character's.
			{"raw backspace", "a\bb", 1, "the control character U+0008"},
			{"raw form feed", "a\fb", 1, "the control character U+000C"},
			{"raw FFFF", "a\uFFFFb", 1, "the noncharacter U+FFFF"},
			{"raw invalid UTF-8", "a\xffb", 1, "invalid UTF-8"},
		} {
			t.Run(tok+"/"+tc.name, func(t *testing.T) {
				src := fill(tok, tc.value)
				cfg, problems := Parse("status.yaml", []byte(src))
				if cfg != nil {
					t.Fatal("a config came back despite the bad character")
				}
				want := fmt.Sprintf("status.yaml:%d:%d: %s is not allowed in text; remove it", line, col+tc.col, tc.what)
				if len(problems) != 1 || problems[0].String() != want {
					t.Errorf("problems:\n  %v\nwant:\n  %s", problems, want)
				}
			})
		}
	}
}

func TestTextAllowed(t *testing.T) {
	src := fill("DESCRIPTION", "\"tab\\there, RTL \u202e, emoji 🛟, CJK 状態\"")
	src = strings.Replace(src, "cdescription", "|\n      two\n      lines", 1)
	if _, problems := Parse("status.yaml", []byte("\uFEFF"+strings.ReplaceAll(src, "\n", "\r\n"))); len(problems) > 0 {
		t.Errorf("allowed text refused: %v", problems)
	}
}

// A header value is one line and a header name a token: a line break in
// either, typed in a block or quoted, would smuggle in another header.
func TestHeaderLines(t *testing.T) {
	head := "title: T\nbase_url: https://s.example/\ncomponents:\n  - id: web\n    name: Web\n    probes:\n      - id: p\n        type: http\n        url: https://x.example/\n"
	for name, tc := range map[string]struct{ yaml, want string }{
		"quoted LF":     {"        headers: { X-Key: \"a\\nX-Other: b\" }\n", "status.yaml:10:27: header X-Key: a header value is one line; remove the line break (character 2)"},
		"literal block": {"        headers:\r\n          X-Key: |\r\n            abc\r\n            X-Other: injected\r\n", "status.yaml:11:18: header X-Key: a header value is one line; remove the line break (character 4)"},
		"bad name":      {"        headers: { \"X Key\": a }\n", `status.yaml:10:20: header name "X Key" is not an HTTP header name (letters, digits and !#$%&'*+-.^_` + "`|~)"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, problems := Parse("status.yaml", []byte(head+tc.yaml))
			if cfg != nil || len(problems) != 1 || problems[0].String() != tc.want {
				t.Errorf("problems:\n  %v\nwant:\n  %s", problems, tc.want)
			}
		})
	}
}
