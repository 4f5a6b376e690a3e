package config

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

func TestNotifyEmailAndMastodon(t *testing.T) {
	yaml := `title: T
base_url: https://s.example/
notify:
  - type: email
    server: smtp://smtp.example.org:587
    username: ${SMTP_USER}
    password: ${SMTP_PASSWORD}
    from: "Example status <status@example.org>"
    to: [status-announce@googlegroups.com, "Ops <ops@example.org>"]
    list_unsubscribe: [mailto:status-announce+unsubscribe@googlegroups.com, https://lists.example.org/u]
    timeout: 20s
  - { id: relay, type: email, server: "smtps://${SMTP_HOST}", from: status@example.org, to: list@example.org }
  - { type: mastodon, server: https://mastodon.example, token: "${MASTODON_TOKEN}" }
  - { id: quiet, type: mastodon, server: https://mastodon.example, token: "${T}", visibility: unlisted, max_characters: 1000 }
components:
  - { id: web, name: Web }
`
	cfg, problems := Parse("status.yaml", []byte(yaml))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	mail, relay, masto, quiet := cfg.Notify[0], cfg.Notify[1], cfg.Notify[2], cfg.Notify[3]
	if mail.ID != "email" || mail.URL != "smtp://smtp.example.org:587" || mail.Username != "${SMTP_USER}" || mail.Password != "${SMTP_PASSWORD}" ||
		mail.From != "Example status <status@example.org>" || !slices.Equal(mail.To, []string{"status-announce@googlegroups.com", "Ops <ops@example.org>"}) ||
		len(mail.ListUnsubscribe) != 2 || mail.Timeout != 20*time.Second {
		t.Errorf("email = %+v", mail)
	}
	if relay.URL != "smtps://${SMTP_HOST}" || !slices.Equal(relay.To, []string{"list@example.org"}) || relay.Username != "" {
		t.Errorf("relay = %+v", relay)
	}
	if masto.URL != "https://mastodon.example" || masto.Token != "${MASTODON_TOKEN}" || masto.Visibility != "public" || masto.MaxCharacters != status.DefaultMastodonLimit {
		t.Errorf("mastodon = %+v", masto)
	}
	if quiet.Visibility != "unlisted" || quiet.MaxCharacters != 1000 {
		t.Errorf("quiet = %+v", quiet)
	}
}

func TestNotifyEmailAndMastodonProblems(t *testing.T) {
	base := "title: T\nbase_url: https://s.example/\ncomponents:\n  - id: web\n    name: Web\nnotify:\n"
	const ok = "from: a@example.org, to: b@example.org"
	tests := []struct{ name, yaml, want string }{
		{"missing to", "  - { type: email, server: 'smtp://h', from: a@example.org }\n", `status.yaml:7:5: missing required key "to" in email notify target`},
		{"http server", "  - { type: email, server: 'https://h/', " + ok + " }\n", `status.yaml:7:28: server "https://h/" must be smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)`},
		{"user in url", "  - { type: email, server: 'smtp://u:p@h', " + ok + " }\n", `status.yaml:7:28: server "smtp://u:p@h" must not hold a user name or password: give them as username and password`},
		{"path", "  - { type: email, server: 'smtp://h/x', " + ok + " }\n", `status.yaml:7:28: server "smtp://h/x" must be only smtp(s)://host:port, without a path or query`},
		{"literal password", "  - { type: email, server: 'smtp://h', username: u, password: hunter2, " + ok + " }\n", `status.yaml:7:63: password must be read from the environment, as ${VAR}: status.yaml is public`},
		{"user without password", "  - { type: email, server: 'smtp://h', username: u, " + ok + " }\n", `status.yaml:7:5: email notify target needs both username and password, or neither`},
		{"bad from", "  - { type: email, server: 'smtp://h', from: 'not an address', to: b@example.org }\n", `status.yaml:7:46: from "not an address" is not an email address such as status@example.org or "Example status" <status@example.org>`},
		{"header injection", "  - { type: email, server: 'smtp://h', from: \"a@example.org\\r\\nBcc: x@evil.example\", to: b@example.org }\n", `status.yaml:7:46: the control character U+000D (character 14 of this value) is not allowed in text; remove it`},
		{"empty to", "  - { type: email, server: 'smtp://h', from: a@example.org, to: [] }\n", `status.yaml:7:65: to must list at least one address`},
		{"bad unsubscribe", "  - { type: email, server: 'smtp://h', " + ok + ", list_unsubscribe: 'http://x/u' }\n", `status.yaml:7:98: list_unsubscribe "http://x/u" must be a mailto: or https: URL`},
		{"mastodon key on email", "  - { type: email, server: 'smtp://h', " + ok + ", visibility: public }\n", `status.yaml:7:80: unknown key "visibility" in email notify target`},
		{"mastodon without token", "  - { type: mastodon, server: 'https://m.example' }\n", `status.yaml:7:5: missing required key "token" in mastodon notify target`},
		{"mastodon bad visibility", "  - { type: mastodon, server: 'https://m.example', token: '${T}', visibility: everyone }\n", `status.yaml:7:79: visibility "everyone" is not one of public, unlisted, private, direct`},
		{"mastodon small limit", "  - { type: mastodon, server: 'https://m.example', token: '${T}', max_characters: 20 }\n", `status.yaml:7:83: max_characters must be a whole number of at least 100`},
		{"mastodon smtp server", "  - { type: mastodon, server: 'smtp://m.example', token: '${T}' }\n", `status.yaml:7:31: server "smtp://m.example" must be an absolute http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("status.yaml", []byte(base+tt.yaml))
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
