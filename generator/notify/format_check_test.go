package notify

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// What each channel's reader accepts, checked on rendered messages: the
// tests' own description of each format, not the renderers' code.

// channel is one format as a post goes out in it.
type channel struct {
	name   string
	render func(p Post) (string, error)
	check  func(t *testing.T, out string)
	limit  func(out string, p Post) bool
}

func channels() []channel {
	return []channel{
		{"slack", func(p Post) (string, error) { return rendered(p, slackFormat(), within(slackLimit)) }, checkSlack,
			func(s string, _ Post) bool { return utf16Len(s) <= slackLimit }},
		{"discord", func(p Post) (string, error) { return rendered(p, discordFormat(), within(discordLimit)) }, checkDiscord,
			func(s string, _ Post) bool { return utf16Len(s) <= discordLimit }},
		{"telegram", func(p Post) (string, error) { return rendered(p, telegramFormat(), within(telegramLimit)) },
			func(t *testing.T, s string) { checkHTML(t, s, telegramTags, telegramEntities) },
			func(s string, _ Post) bool { return utf16Len(s) <= telegramLimit }},
		{"matrix", func(p Post) (string, error) { _, h, err := matrixMessage(p); return h, err },
			func(t *testing.T, s string) { checkHTML(t, s, matrixTags, htmlEntities) },
			func(s string, _ Post) bool { return len(s) <= matrixLimit }},
		{"matrix-body", func(p Post) (string, error) { b, _, err := matrixMessage(p); return b, err }, checkPlain,
			func(s string, _ Post) bool { return len(s) <= matrixLimit }},
		{"mastodon", func(p Post) (string, error) { return mastodonStatus(p, 500) }, checkMastodon,
			func(s string, p Post) bool { return mastodonLength(s, p.Link) <= 500 }},
	}
}

var (
	telegramTags = map[string][]string{"b": nil, "i": nil, "s": nil, "code": nil, "pre": nil, "a": {"href"}, "blockquote": nil}
	matrixTags   = map[string][]string{"p": nil, "div": nil, "strong": nil, "em": nil, "del": nil, "code": nil, "pre": nil, "a": {"href"}, "blockquote": nil, "hr": nil, "br": nil}
	// Telegram knows only these four entities.
	telegramEntities = regexp.MustCompile(`&(lt|gt|amp|quot);`)
	htmlEntities     = regexp.MustCompile(`&(lt|gt|amp|quot|#34|#39);`)
	voidTags         = map[string]bool{"br": true, "hr": true}
)

func checkPlain(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
		t.Fatalf("not clean text: %q", s)
	}
}

// mentionRE is an @name a chat service would read as a mention: not
// part of an address.
var mentionRE = regexp.MustCompile(`(^|[^\pL\pN_/])@[\pL\pN_]`)

func checkMastodon(t *testing.T, s string) {
	t.Helper()
	checkPlain(t, s)
	if m := mentionRE.FindString(s); m != "" {
		t.Fatalf("mention %q in %q", m, s)
	}
}

// checkHTML parses s as HTML: only allowed tags and attributes, properly
// nested and closed, links only http(s) or mailto, only known entities.
func checkHTML(t *testing.T, s string, allowed map[string][]string, entities *regexp.Regexp) {
	t.Helper()
	checkPlain(t, s)
	if rest := entities.ReplaceAllString(s, ""); strings.Contains(rest, "&") {
		t.Fatalf("bare & or unknown entity in %q", s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var open []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(open) > 0 {
				t.Fatalf("unclosed %v in %q", open, s)
			}
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs, ok := allowed[tok.Data]
			if !ok {
				t.Fatalf("tag <%s> in %q", tok.Data, s)
			}
			for _, a := range tok.Attr {
				if !contains(attrs, a.Key) {
					t.Fatalf("attribute %s on <%s> in %q", a.Key, tok.Data, s)
				}
				if a.Key == "href" && !regexp.MustCompile(`^(https?://[^\s]+|mailto:[^\s]+)$`).MatchString(a.Val) {
					t.Fatalf("href %q in %q", a.Val, s)
				}
			}
			if !voidTags[tok.Data] {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				t.Fatalf("</%s> closes %v in %q", tok.Data, open, s)
			}
			open = open[:len(open)-1]
		case html.CommentToken, html.DoctypeToken:
			t.Fatalf("comment or doctype in %q", s)
		}
	}
}

var (
	slackLinkRE   = regexp.MustCompile(`<(?:https?://|mailto:)[^|<>\s]+(?:\|([^<>]*))?>`)
	slackCodeRE   = regexp.MustCompile("(?s)```.*?```|`[^`\n]*`")
	slackEntityRE = regexp.MustCompile(`&(amp|lt|gt);`)
)

// checkSlack reads s as Slack's mrkdwn: the only <…> are links to http(s)
// or mailto (no <!channel>, <@user>), & starts an entity, no @mention,
// every style character is either ours, in pairs, or followed by a
// zero-width space, and no backtick is left outside code.
func checkSlack(t *testing.T, s string) {
	t.Helper()
	checkPlain(t, s)
	if rest := slackEntityRE.ReplaceAllString(s, ""); strings.Contains(rest, "&") {
		t.Fatalf("bare & in %q", s)
	}
	rest := slackLinkRE.ReplaceAllString(s, "$1")
	if m := mentionRE.FindString(rest); m != "" {
		t.Fatalf("mention %q in %q", m, s)
	}
	if strings.ContainsAny(rest, "<>") {
		rest = regexp.MustCompile(`(?m)^> `).ReplaceAllString(rest, "")
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("< or > outside a link in %q", s)
		}
	}
	rest = slackCodeRE.ReplaceAllString(rest, "")
	for _, mark := range []string{"*", "_", "~", "`"} {
		n := strings.Count(rest, mark) - strings.Count(rest, mark+"\u200B")
		if mark == "`" && strings.Contains(rest, "`") || n%2 != 0 {
			t.Fatalf("unpaired %s in %q", mark, s)
		}
	}
}

var (
	discordLinkRE  = regexp.MustCompile(`\[([^\]]*)\]\(<(?:https?://|mailto:)[^\s<>()]+>\)|<(?:https?://|mailto:)[^\s<>()]+>`)
	discordQuoteRE = regexp.MustCompile(`(?m)^> `)
)

// checkDiscord reads s as Discord's Markdown: outside code and links,
// every character its Markdown reads as markup is escaped, but for the
// style markers, in pairs, and a quote's "> ".
func checkDiscord(t *testing.T, s string) {
	t.Helper()
	checkPlain(t, s)
	rest := discordLinkRE.ReplaceAllString(discordScan(s), "$1")
	rest = discordQuoteRE.ReplaceAllString(rest, "")
	if i := strings.IndexAny(rest, "@<>|[]()#`:\\"); i >= 0 {
		t.Fatalf("unescaped %q in %q (left: %q)", rest[i], s, rest)
	}
	if regexp.MustCompile(`(?m)^\s*(\d+\.|[-+]) `).MatchString(rest) {
		t.Fatalf("a list marker not ours in %q", s)
	}
	for _, mark := range []string{"**", "~~"} {
		if strings.Count(rest, mark)%2 != 0 {
			t.Fatalf("unpaired %s in %q", mark, s)
		}
		rest = strings.ReplaceAll(rest, mark, "")
	}
	if strings.Count(rest, "_")%2 != 0 || strings.ContainsAny(rest, "*~") {
		t.Fatalf("unpaired style marker in %q (left: %q)", s, rest)
	}
}

// discordScan drops code from s, and turns each escaped character into
// an E, reading left to right as Discord does: a backslash in code is
// code, a backtick after a backslash text.
func discordScan(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "```\n"):
			end := strings.Index(s[i+4:], "\n```")
			if end < 0 {
				return b.String() + s[i:]
			}
			i += 4 + end + 4
		case s[i] == '`':
			end := strings.IndexAny(s[i+1:], "`\n")
			if end < 0 || s[i+1+end] == '\n' {
				b.WriteByte('`')
				i++
				continue
			}
			i += 1 + end + 1
		case s[i] == '\\' && i+1 < len(s):
			_, size := utf8.DecodeRuneInString(s[i+1:])
			b.WriteByte('E')
			i += 1 + size
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
