package incident

import (
	"fmt"
	"strings"
	"testing"
)

// Every user string of an incident file, as YAML and as Markdown, refuses
// characters that are not text, at the line and column where they stand.
func TestTextRefused(t *testing.T) {
	yamlFile := "title: TITLE\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\n" +
		"updates:\n  - at: 2020-04-13T15:40:00Z\n    status: investigating\n    text: UPDATE\n" +
		"  - at: 2020-04-13T15:50:00Z\n    status: identified\n    text: |\n      first line\n      then BLOCK\n" +
		"postmortem: POSTMORTEM\n"
	mdFile := "---\ntitle: TITLE\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\n---\n\n## Postmortem\n\nThe BODY of it.\n"
	for _, tc := range []struct {
		file, src, tok string
	}{
		{"incidents/2020-04-13-x.yaml", yamlFile, "TITLE"},
		{"incidents/2020-04-13-x.yaml", yamlFile, "UPDATE"},
		{"incidents/2020-04-13-x.yaml", yamlFile, "BLOCK"},
		{"incidents/2020-04-13-x.yaml", yamlFile, "POSTMORTEM"},
		{"incidents/2020-04-13-x.md", mdFile, "TITLE"},
		{"incidents/2020-04-13-x.md", mdFile, "BODY"},
	} {
		i := strings.Index(tc.src, tc.tok)
		line, col := strings.Count(tc.src[:i], "\n")+1, i-strings.LastIndex(tc.src[:i], "\n")
		for _, bad := range []struct{ raw, what string }{
			{"\x01", "the control character U+0001"},
			{"\x08", "the control character U+0008"},
			{"\x0c", "the control character U+000C"},
			{"\x1b", "the control character U+001B"},
			{"\r", "the control character U+000D"},
			{"\uFFFE", "the noncharacter U+FFFE"},
			{"\xc3(", "invalid UTF-8"},
		} {
			t.Run(fmt.Sprintf("%s/%s/%q", tc.file, tc.tok, bad.raw), func(t *testing.T) {
				src := strings.Replace(tc.src, tc.tok, "ab"+bad.raw+"c", 1)
				for _, tok := range []string{"TITLE", "UPDATE", "BLOCK", "POSTMORTEM", "BODY"} {
					src = strings.Replace(src, tok, "fine", 1)
				}
				in, problems := Parse(tc.file, []byte(src), cfg, now())
				want := fmt.Sprintf("%s:%d:%d: %s is not allowed in text; remove it", tc.file, line, col+2, bad.what)
				if in != nil || len(problems) != 1 || problems[0].String() != want {
					t.Errorf("problems:\n  %v\nwant:\n  %s", problems, want)
				}
			})
		}
	}
}

// Escapes in quoted YAML are refused at the value.
func TestEscapedTextRefused(t *testing.T) {
	src := "title: \"Down\\e[2J\"\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\nupdates:\n  - {at: 2020-04-13T15:40:00Z, status: investigating, text: \"x\\uFFFF\"}\n"
	_, problems := Parse("incidents/2020-04-13-x.yaml", []byte(src), cfg, now())
	want := "incidents/2020-04-13-x.yaml:1:8: the control character U+001B (character 5 of this value) is not allowed in text; remove it\n" +
		"incidents/2020-04-13-x.yaml:5:61: the noncharacter U+FFFF (character 2 of this value) is not allowed in text; remove it"
	if problems.Error() != want {
		t.Errorf("problems:\n%v\nwant:\n%s", problems, want)
	}
}

// A byte order mark is dropped from .md as from .yaml, and CRLF line
// endings read as LF in both.
func TestBOMAndCRLF(t *testing.T) {
	body := "title: T\r\ncomponents: [website]\r\nstarted: 2020-04-13T15:31:00Z\r\n"
	for file, src := range map[string]string{
		"incidents/2020-04-13-x.yaml": "\uFEFF" + body,
		"incidents/2020-04-13-x.md":   "\uFEFF---\r\n" + body + "---\r\nThe body.\r\n",
	} {
		in, problems := Parse(file, []byte(src), cfg, now())
		if in == nil || len(problems) > 0 {
			t.Errorf("%s: %v", file, problems)
			continue
		}
		if in.Title != "T" {
			t.Errorf("%s: title %q", file, in.Title)
		}
	}
}
