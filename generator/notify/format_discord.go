package notify

import (
	"strings"
	"unicode"
)

// discordLimit is the most a Discord message's content holds; counted
// here in UTF-16 code units, never fewer than Discord counts.
const discordLimit = 2000

// discordFormat writes Discord's Markdown. Every character its Markdown
// reads as markup is escaped with a backslash, which Discord accepts
// before any punctuation; mentions are escaped too, besides the
// request's empty allowed_mentions.
func discordFormat() textFormat {
	return textFormat{
		text: discordText,
		code: func(s string) string { return strings.ReplaceAll(s, "`", "ˋ") },
		codeBlock: func(s string) string {
			return "```\n" + strings.ReplaceAll(s, "`", "`\u200B") + "\n```"
		},
		wrap: map[style][2]string{styleBold: {"**", "**"}, styleItalic: {"_", "_"}, styleStrike: {"~~", "~~"}, styleCode: {"`", "`"}},
		link: func(href, label string) string {
			href = discordURL(href)
			if label == "" {
				return "<" + href + ">"
			}
			return "[" + label + "](<" + href + ">)"
		},
		para: identity, heading: identity,
		item: func(depth int, marker, content string) string {
			return indent(depth) + discordText(marker) + " " + content
		},
		quote:   func(s string) string { return eachLine("> ", s) },
		rule:    "———",
		sep:     blankLine,
		subject: func(s string) string { return "**" + discordText(s) + "**" },
	}
}

// discordURL keeps a URL inside [](<…>).
func discordURL(href string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", "(", "%28", ")", "%29", "\\", "%5C", "[", "%5B", "]", "%5D").Replace(href)
}

func discordText(s string) string {
	var b strings.Builder
	var prev rune
	for _, r := range s {
		switch {
		case strings.ContainsRune(`\*_~`+"`"+`|<>#-+[]()@:!`, r), r == '.' && unicode.IsDigit(prev):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
