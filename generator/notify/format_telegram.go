package notify

import (
	"html"
	"strings"
)

// telegramLimit is the most a Telegram message holds. Telegram counts
// the text once its entities are parsed; it is counted here on the HTML
// sent, in UTF-16 code units, so never lower.
const telegramLimit = 4096

// telegramFormat writes the HTML of Telegram's parse_mode HTML: only the
// tags it accepts (b, i, s, code, pre, a, blockquote), and only the
// entities it knows (&lt; &gt; &amp; &quot;).
func telegramFormat() textFormat {
	return textFormat{
		text:      func(s string) string { return telegramEscape(defuseMentions(s)) },
		code:      telegramEscape,
		codeBlock: func(s string) string { return "<pre>" + telegramEscape(s) + "</pre>" },
		wrap:      map[style][2]string{styleBold: {"<b>", "</b>"}, styleItalic: {"<i>", "</i>"}, styleStrike: {"<s>", "</s>"}, styleCode: {"<code>", "</code>"}},
		link: func(href, label string) string {
			if label == "" {
				label = telegramEscape(href)
			}
			return `<a href="` + telegramEscape(href) + `">` + label + "</a>"
		},
		para: identity, heading: identity,
		item: func(depth int, marker, content string) string {
			return indent(depth) + marker + " " + content
		},
		quote:   func(s string) string { return "<blockquote>" + s + "</blockquote>" },
		rule:    "———",
		sep:     blankLine,
		subject: func(s string) string { return "<b>" + telegramEscape(defuseMentions(s)) + "</b>" },
	}
}

func telegramEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// htmlFormat writes the HTML of a Matrix formatted_body and an email's
// HTML part: p, div, strong, em, del, code, pre, a, blockquote, hr, br.
func htmlFormat(subject bool) textFormat {
	f := textFormat{
		text:      func(s string) string { return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>") },
		code:      html.EscapeString,
		codeBlock: func(s string) string { return "<pre><code>" + html.EscapeString(s) + "</code></pre>" },
		wrap:      map[style][2]string{styleBold: {"<strong>", "</strong>"}, styleItalic: {"<em>", "</em>"}, styleStrike: {"<del>", "</del>"}, styleCode: {"<code>", "</code>"}},
		link: func(href, label string) string {
			if label == "" {
				label = html.EscapeString(href)
			}
			return `<a href="` + html.EscapeString(href) + `">` + label + "</a>"
		},
		para:    func(s string) string { return "<p>" + s + "</p>" },
		heading: func(s string) string { return "<p>" + s + "</p>" },
		item: func(depth int, marker, content string) string {
			return "<div>" + strings.Repeat("\u00a0\u00a0", depth) + marker + " " + content + "</div>"
		},
		quote: func(s string) string { return "<blockquote>" + s + "</blockquote>" },
		rule:  "<hr>",
		sep:   func(bool) string { return "\n" },
	}
	if subject {
		f.subject = func(s string) string { return "<p><strong>" + html.EscapeString(s) + "</strong></p>" }
	}
	return f
}
