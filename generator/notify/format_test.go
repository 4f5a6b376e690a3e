package notify

import (
	"strings"
	"testing"
)

const testLink = "https://status.example.org/incidents/2026-11-30-db/"

func testPost(body string) Post {
	return Post{Subject: "Database outage: identified", Body: body, Link: testLink}
}

// Each construct of the Markdown people write, in each format.
func TestFormats(t *testing.T) {
	const body = "We **found** the _cause_: a [full disk](https://ex.org/a?b=1&c=2) on `db-1`.\n\n" +
		"- restart\n- see [the log](/logs/)\n\n> quoted\n\n```\nls\n```\n"
	want := map[string]string{
		"slack": "*Database outage: identified*\n\nWe *found* the _cause_: a <https://ex.org/a?b=1&amp;c=2|full disk> on `db-1`.\n\n" +
			"• restart\n• see <https://status.example.org/logs/|the log>\n\n> quoted\n\n```\nls\n```\n\n<" + testLink + ">",
		"discord": "**Database outage\\: identified**\n\nWe **found** the _cause_\\: a [full disk](<https://ex.org/a?b=1&c=2>) on `db-1`.\n\n" +
			"• restart\n• see [the log](<https://status.example.org/logs/>)\n\n> quoted\n\n```\nls\n```\n\n<" + testLink + ">",
		"telegram": "<b>Database outage: identified</b>\n\nWe <b>found</b> the <i>cause</i>: a <a href=\"https://ex.org/a?b=1&amp;c=2\">full disk</a> on <code>db-1</code>.\n\n" +
			"• restart\n• see <a href=\"https://status.example.org/logs/\">the log</a>\n\n<blockquote>quoted</blockquote>\n\n<pre>ls</pre>\n\n<a href=\"" + testLink + "\">" + testLink + "</a>",
		"matrix": "<p><strong>Database outage: identified</strong></p>\n<p>We <strong>found</strong> the <em>cause</em>: a <a href=\"https://ex.org/a?b=1&amp;c=2\">full disk</a> on <code>db-1</code>.</p>\n" +
			"<div>• restart</div>\n<div>• see <a href=\"https://status.example.org/logs/\">the log</a></div>\n<blockquote><p>quoted</p></blockquote>\n<pre><code>ls</code></pre>\n<p><a href=\"" + testLink + "\">" + testLink + "</a></p>",
		"matrix-body": "Database outage: identified\n\nWe found the cause: a full disk (https://ex.org/a?b=1&c=2) on db-1.\n\n" +
			"• restart\n• see the log (https://status.example.org/logs/)\n\n> quoted\n\nls\n\n" + testLink,
	}
	want["mastodon"] = want["matrix-body"]
	for _, ch := range channels() {
		got, err := ch.render(testPost(body))
		if err != nil || got != want[ch.name] {
			t.Errorf("%s: %v\n%s\nwant\n%s", ch.name, err, got, want[ch.name])
		}
		ch.check(t, got)
	}
}

// Text that is markup, mentions or HTML in some format is shown as
// written in every one, never read.
var hostile = []string{
	"<script>alert(1)</script> <b>bold</b> <a href=\"javascript:alert(1)\">x</a> &amp; &lt; & < >",
	"@everyone @here <@123456> <#42> <!channel> <!here|here> @channel <@U123|admin> <:emoji:1> <t:1:R>",
	"*not bold* _not italic_ ~not struck~ `not code` ```not a block``` ||spoiler|| **a** __b__",
	"[text](javascript:alert(1)) [x](data:text/html,<b>) <https://x.example|evil> <mailto:a@b|c>",
	"# heading\n> quote\n- item\n1. one\n-# small\n\n```\n```\n\\\\ \\* \\_ \\`",
	"<pre><code class=\"x\">a</code></pre> <blockquote expandable>q</blockquote> <tg-spoiler>s</tg-spoiler> <span class=\"tg-spoiler\">s</span>",
	"\x00\x1b[31mred\u202egnp.exe\u200b\u2060\ufeff\r\nline\rcr \xff\xfe",
	"[**bold link** `code`](https://ok.example/?a=<b>&c=\"d\") ![img](https://ok.example/i.png) <https://ok.example/a_b*c>",
	"a*b*c a_b_c 2026-11-30 10:00 ~~x~~ ***both*** <details><summary>s</summary>d</details>",
	"&#0; &#x41; &nbsp; &unknown; &#xD800; &#65533;",
}

func TestHostileText(t *testing.T) {
	for _, h := range hostile {
		for _, ch := range channels() {
			p := testPost(h)
			p.Subject = h
			out, err := ch.render(p)
			if err != nil {
				t.Fatalf("%s: %v", ch.name, err)
			}
			ch.check(t, out)
			if !strings.HasSuffix(out, testLink) && !strings.HasSuffix(out, testLink+"</a>") && !strings.HasSuffix(out, testLink+"</a></p>") && !strings.HasSuffix(out, testLink+">") {
				t.Errorf("%s: link lost in %q", ch.name, out)
			}
		}
	}
	// The HTML outputs show the tags as text.
	out, _ := rendered(testPost(hostile[0]), telegramFormat(), within(telegramLimit))
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("telegram: %q", out)
	}
}

// A long update is cut after a word, inside the limit, its open markup
// closed, ended with "…"; the subject and the link stay whole.
func TestCutAtLimit(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		b.WriteString("The **database** _replica_ `db-2` <lagged> [behind](https://ex.org/lag) by minutes; ")
		if i%7 == 6 {
			b.WriteString("\n\n- an item\n- another one\n\n")
		}
	}
	p := testPost(b.String())
	for _, ch := range channels() {
		out, err := ch.render(p)
		if err != nil {
			t.Fatal(err)
		}
		ch.check(t, out)
		if !ch.limit(out, p) {
			t.Errorf("%s: over the limit: %d", ch.name, utf16Len(out))
		}
		if !strings.Contains(out, "…") || !strings.Contains(out, "Database outage") || !strings.Contains(out, testLink) {
			t.Errorf("%s: cut badly: %q", ch.name, out)
		}
		// Nearly full: a cut that dropped far more than a sentence would
		// hide text that fitted.
		if ch.name == "discord" && utf16Len(out) < discordLimit-150 {
			t.Errorf("discord: only %d of %d used", utf16Len(out), discordLimit)
		}
	}
	// A subject too long for Mastodon is cut too, the link kept.
	p.Subject = strings.Repeat("very long title ", 60)
	out, err := mastodonStatus(p, 500)
	if err != nil || mastodonLength(out, testLink) > 500 || !strings.HasSuffix(out, "…\n\n"+testLink) {
		t.Errorf("mastodon, long subject: %v %q", err, out)
	}
}

// Mastodon counts the link as 23 characters, however long it is.
func TestMastodonLength(t *testing.T) {
	long := "https://status.example.org/incidents/" + strings.Repeat("x", 200) + "/"
	if n := mastodonLength("Title\n\n"+long, long); n != 7+23 {
		t.Errorf("length %d", n)
	}
	p := Post{Subject: "Title", Body: strings.Repeat("word ", 200), Link: long}
	out, _ := mastodonStatus(p, 500)
	if mastodonLength(out, long) > 500 || mastodonLength(out, long) < 480 || !strings.HasSuffix(out, long) {
		t.Errorf("%d: %q", mastodonLength(out, long), out)
	}
}

func FuzzRenderers(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, h)
	}
	f.Add("Title", "**"+strings.Repeat("bold words ", 600)+"**")
	f.Add("T", strings.Repeat("<", 3000))
	f.Add(strings.Repeat("x", 900), "y")
	f.Fuzz(func(t *testing.T, subject, body string) {
		p := Post{Subject: subject, Body: body, Link: testLink}
		for _, ch := range channels() {
			out, err := ch.render(p)
			if err != nil {
				t.Fatalf("%s: %v", ch.name, err)
			}
			ch.check(t, out)
			if !ch.limit(out, p) {
				t.Fatalf("%s: over the limit (%d): %q", ch.name, utf16Len(out), out)
			}
			if !strings.Contains(out, testLink) {
				t.Fatalf("%s: link lost: %q", ch.name, out)
			}
		}
	})
}
