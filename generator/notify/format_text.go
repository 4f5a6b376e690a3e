package notify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// textFormat is how one channel writes the block tree. text and code
// escape a run so that nothing in it can be read as the channel's markup;
// every other field writes markup around what is already escaped.
type textFormat struct {
	text, code func(string) string
	codeBlock  func(string) string
	// wrap opens and closes each style.
	wrap map[style][2]string
	// link writes a link; label is "" for a bare URL.
	link func(href, label string) string
	// para, heading, item and quote write a block from its rendered runs.
	para, heading func(string) string
	item          func(depth int, marker, content string) string
	quote         func(string) string
	rule          string
	// sep goes between two blocks; html formats need no blank line.
	sep func(tight bool) string
	// subject writes the first line; nil leaves it out (email).
	subject func(string) string
}

// render writes a message: subject, body, link.
func (f textFormat) render(subject string, body []block, link string) string {
	var b strings.Builder
	parts := 0
	next := func(tight bool) {
		if parts > 0 {
			b.WriteString(f.sep(tight))
		}
		parts++
	}
	if f.subject != nil && subject != "" {
		next(false)
		b.WriteString(f.subject(subject))
	}
	for i, bl := range body {
		next(bl.tight && i > 0)
		b.WriteString(f.block(bl))
	}
	if link != "" {
		next(false)
		b.WriteString(f.para(f.link(link, "")))
	}
	return b.String()
}

func (f textFormat) block(bl block) string {
	var s string
	switch bl.kind {
	case kindHeading:
		spans := make([]span, len(bl.spans))
		for i, sp := range bl.spans {
			sp.style |= styleBold
			spans[i] = sp
		}
		s = f.heading(f.spans(spans))
	case kindItem:
		s = f.item(bl.depth, bl.marker, f.spans(bl.spans))
	case kindCode:
		if len(bl.spans) == 0 {
			return f.codeBlock("")
		}
		// A code block is not quoted: not every format can nest the two.
		return f.codeBlock(bl.spans[0].text)
	case kindRule:
		s = f.rule
	default:
		s = f.para(f.spans(bl.spans))
	}
	if bl.quote {
		s = f.quote(s)
	}
	return s
}

func (f textFormat) spans(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		// Markup hugs the text: "*bold*", not "*bold *", which Slack and
		// Discord would not read as bold.
		core := strings.TrimFunc(s.text, unicode.IsSpace)
		if core == "" {
			b.WriteString(f.text(s.text))
			continue
		}
		lead := s.text[:strings.Index(s.text, core)]
		trail := s.text[len(lead)+len(core):]
		b.WriteString(f.text(lead))
		st := s.style
		if s.href != "" {
			// A link's text is not code: no format can nest the two.
			st &^= styleCode
		}
		var inner string
		if st&styleCode != 0 {
			inner = f.code(core)
		} else {
			inner = f.text(core)
		}
		if s.href != "" {
			if bareLink(core, s.href) {
				inner = f.link(s.href, "")
			} else {
				inner = f.link(s.href, inner)
			}
		}
		// Innermost first.
		for _, x := range []style{styleCode, styleStrike, styleItalic, styleBold} {
			if st&x != 0 {
				inner = f.wrap[x][0] + inner + f.wrap[x][1]
			}
		}
		b.WriteString(inner)
		b.WriteString(f.text(trail))
	}
	return b.String()
}

// bareLink reports whether a link's text is its URL, as autolinks'
// (www.example.org for http://www.example.org) are.
func bareLink(text, href string) bool {
	for _, scheme := range []string{"", "mailto:", "http://", "https://"} {
		if scheme+text == href {
			return true
		}
	}
	return false
}

// eachLine prefixes every line of s.
func eachLine(prefix, s string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

func blankLine(tight bool) string {
	if tight {
		return "\n"
	}
	return "\n\n"
}

// defuseMentions keeps "@name" from notifying anyone: a word joiner after
// the "@" breaks the mention every chat service looks for, and shows
// nothing. An "@" inside a word (an email address) or after a slash (a
// profile's URL) is no mention.
func defuseMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		b.WriteRune(r)
		if r == '@' && !wordRune(prev) && prev != '/' {
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); wordRune(next) {
				b.WriteRune(wordJoiner)
			}
		}
		prev = r
	}
	return b.String()
}

func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func identity(s string) string { return s }

// plainFormat writes plain text: a Matrix message's body, an email's
// text part, a Mastodon status (mentions defused). Links are written out
// after their text.
func plainFormat(defuse bool) textFormat {
	text := identity
	if defuse {
		text = defuseMentions
	}
	return textFormat{
		text: text, code: text, codeBlock: text,
		link: func(href, label string) string {
			if label == "" {
				return text(href)
			}
			return label + " (" + text(href) + ")"
		},
		para: identity, heading: identity,
		item: func(depth int, marker, content string) string {
			return indent(depth) + marker + " " + content
		},
		quote:   func(s string) string { return eachLine("> ", s) },
		rule:    "———",
		sep:     blankLine,
		subject: text,
	}
}
