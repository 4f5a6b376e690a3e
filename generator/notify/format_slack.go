package notify

import "strings"

// slackLimit is the most a Slack message's text holds, in UTF-16 code
// units: Slack takes more but folds anything longer away.
const slackLimit = 4000

// slackFormat writes Slack's mrkdwn. Slack has no escape for its style
// characters: a zero-width space after one keeps it from pairing up, and
// a backtick, which pairs regardless, becomes ˋ.
func slackFormat() textFormat {
	return textFormat{
		text: slackText,
		code: func(s string) string { return slackEntities(strings.ReplaceAll(s, "`", "ˋ")) },
		codeBlock: func(s string) string {
			return "```\n" + slackEntities(strings.ReplaceAll(s, "`", "`\u200B")) + "\n```"
		},
		wrap: map[style][2]string{styleBold: {"*", "*"}, styleItalic: {"_", "_"}, styleStrike: {"~", "~"}, styleCode: {"`", "`"}},
		link: func(href, label string) string {
			href = slackURL(href)
			if label == "" {
				return "<" + href + ">"
			}
			return "<" + href + "|" + label + ">"
		},
		para: identity, heading: identity,
		item: func(depth int, marker, content string) string {
			return indent(depth) + marker + " " + content
		},
		quote:   func(s string) string { return eachLine("> ", s) },
		rule:    "———",
		sep:     blankLine,
		subject: func(s string) string { return "*" + slackText(s) + "*" },
	}
}

// slackURL keeps a URL inside <…|…>.
func slackURL(href string) string {
	return strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C").Replace(href)
}

// slackEntities escapes the three characters Slack reads as control
// sequences (links, mentions).
func slackEntities(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackText escapes s, then defuses mentions: the zero-width space after
// a style character would otherwise turn "_@name" into a mention.
func slackText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '`':
			// A zero-width space does not stop a backtick opening code
			// that a later backtick closes: write the look-alike.
			b.WriteRune('ˋ')
		case '*', '_', '~':
			b.WriteRune(r)
			b.WriteRune(zwsp)
		default:
			b.WriteRune(r)
		}
	}
	return defuseMentions(b.String())
}
