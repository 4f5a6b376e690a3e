package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

const subscribeBase = "title: T\nbase_url: https://s.example/\ncomponents:\n  - id: web\n    name: Web\nsubscribe:\n"

const subscribeValid = `  email:
    address: status-announce@lists.example.org
    url: https://groups.example.org/g/status
  mastodon: { account: "@status@example.social" }
  telegram: https://t.me/example_status
  slack: https://join.slack.com/t/example/shared_invite/zt-1
  discord: https://discord.gg/abc123
  links:
    - { label: Matrix room, url: "https://matrix.to/#/#status:example.org" }
    - { label: "<b>Bluesky</b>", url: "https://bsky.app/profile/status.example.org?a=1&b=\"2\"" }
`

func TestSubscribeValid(t *testing.T) {
	cfg, problems := Parse("status.yaml", []byte(subscribeBase+subscribeValid))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := status.Channels{
		Email:    &status.EmailChannel{Address: "status-announce@lists.example.org", URL: "https://groups.example.org/g/status"},
		Mastodon: &status.MastodonChannel{Account: "@status@example.social", URL: "https://example.social/@status"},
		Telegram: "https://t.me/example_status",
		Slack:    "https://join.slack.com/t/example/shared_invite/zt-1",
		Discord:  "https://discord.gg/abc123",
		// Labels are kept as written: the page escapes them.
		Links: []status.ChannelLink{
			{Label: "Matrix room", URL: "https://matrix.to/#/#status:example.org"},
			{Label: "<b>Bluesky</b>", URL: `https://bsky.app/profile/status.example.org?a=1&b="2"`},
		},
	}
	if !reflect.DeepEqual(cfg.Subscribe, want) {
		t.Errorf("subscribe = %+v\nwant %+v", cfg.Subscribe, want)
	}
}

// One channel alone, the others absent; a profile URL of the account's
// own, and one without the @ YAML makes you quote.
func TestSubscribePartial(t *testing.T) {
	cfg, problems := Parse("status.yaml", []byte(subscribeBase+"  email: { url: 'https://lists.example.org/join' }\n  mastodon: { account: status@social.example.org, url: 'https://social.example.org/users/status' }\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	s := cfg.Subscribe
	if s.Email == nil || s.Email.Address != "" || s.Email.URL != "https://lists.example.org/join" {
		t.Errorf("email = %+v", s.Email)
	}
	if s.Mastodon == nil || s.Mastodon.Account != "@status@social.example.org" || s.Mastodon.URL != "https://social.example.org/users/status" {
		t.Errorf("mastodon = %+v", s.Mastodon)
	}
	if s.Telegram != "" || s.Slack != "" || s.Discord != "" || s.Links != nil || s.Empty() {
		t.Errorf("undeclared channels set: %+v", s)
	}
	cfg, problems = Parse("status.yaml", []byte(strings.TrimSuffix(subscribeBase, "subscribe:\n")))
	if len(problems) > 0 || !cfg.Subscribe.Empty() {
		t.Errorf("no subscribe: %+v, %v", cfg.Subscribe, problems)
	}
}

// Every rule of the subscribe section, with the exact position reported.
func TestSubscribeProblems(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"typo", "  mastadon: { account: '@a@b.example' }\n", `status.yaml:7:3: unknown key "mastadon" in subscribe (did you mean "mastodon"?)`},
		{"not a mapping", "  - https://t.me/x\n", `status.yaml:7:3: subscribe must be a mapping of keys to values`},
		{"javascript", "  telegram: 'javascript:alert(1)'\n", `status.yaml:7:13: subscribe telegram "javascript:alert(1)" must be an absolute http(s) URL`},
		{"data url", "  discord: 'data:text/html,<script>alert(1)</script>'\n", `status.yaml:7:12: subscribe discord "data:text/html,<script>alert(1)</script>" must be an absolute http(s) URL`},
		{"relative", "  slack: /join\n", `status.yaml:7:10: subscribe slack "/join" must be an absolute http(s) URL`},
		{"mailto as url", "  email: { url: 'mailto:list@example.org' }\n", `status.yaml:7:17: url "mailto:list@example.org" must be an absolute http(s) URL`},
		{"mailto as address", "  email: { address: 'mailto:list@example.org' }\n", `status.yaml:7:21: address "mailto:list@example.org" must be an email address such as status@lists.example.org (without mailto:)`},
		{"address with a name", "  email: { address: 'Status <list@example.org>' }\n", `status.yaml:7:21: address "Status <list@example.org>" must be an email address such as status@lists.example.org`},
		{"address with a query", "  email: { address: 'list@example.org?cc=x@evil.example' }\n", `status.yaml:7:21: address "list@example.org?cc=x@evil.example" must be an email address such as status@lists.example.org`},
		{"empty email", "  email: {}\n", `status.yaml:7:10: subscribe email needs the list's address, a sign-up url, or both`},
		{"email key typo", "  email: { adress: list@example.org }\n", `status.yaml:7:12: unknown key "adress" in subscribe email (did you mean "address"?)`},
		{"mastodon without account", "  mastodon: { url: 'https://example.social/@a' }\n", `status.yaml:7:13: missing required key "account" in subscribe mastodon`},
		{"mastodon bad account", "  mastodon: { account: '@status' }\n", `status.yaml:7:24: account "@status" must be a Mastodon account such as "@status@example.social"`},
		{"mastodon hostile account", "  mastodon: { account: '@a\"><script>@b.example' }\n", `status.yaml:7:24: account "@a\"><script>@b.example" must be a Mastodon account such as "@status@example.social"`},
		{"mastodon bad url", "  mastodon: { account: '@a@b.example', url: 'javascript:x' }\n", `status.yaml:7:45: url "javascript:x" must be an absolute http(s) URL`},
		{"link without url", "  links: [{ label: Matrix }]\n", `status.yaml:7:11: missing required key "url" in subscribe link`},
		{"link empty label", "  links: [{ label: '', url: 'https://x.example/' }]\n", `status.yaml:7:20: label must not be empty`},
		{"link bad url", "  links: [{ label: X, url: 'vbscript:x' }]\n", `status.yaml:7:28: url "vbscript:x" must be an absolute http(s) URL`},
		{"link unknown key", "  links: [{ label: X, url: 'https://x.example/', icon: x }]\n", `status.yaml:7:50: unknown key "icon" in subscribe link`},
		{"links not a list", "  links: { label: X }\n", `status.yaml:7:10: subscribe links must be a list`},
		{"reference", "  slack: 'https://join.slack.com/${SLACK_INVITE}'\n", `status.yaml:7:10: "https://join.slack.com/${SLACK_INVITE}": subscribe is published as written, ${VAR} is not expanded here (secrets belong in notify:)`},
		{"control character", "  links: [{ label: \"a\\a\", url: 'https://x.example/' }]\n", `status.yaml:7:20: the control character U+0007 (character 2 of this value) is not allowed in text; remove it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("status.yaml", []byte(subscribeBase+tt.yaml))
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), tt.want)
			}
		})
	}
}
