package config

import (
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

func TestNotifyValid(t *testing.T) {
	yaml := `title: T
base_url: https://s.example/
notify:
  - type: slack
    url: ${SLACK_WEBHOOK_URL}
    on: [down, recovered]
  - id: ops-hook
    type: webhook
    url: https://hooks.example.org/buoy
    headers: { Authorization: "Bearer ${HOOK_TOKEN}" }
    components: [web]
    timeout: 3s
  - { type: telegram, token: "${TG_TOKEN}", chat_id: -1001234 }
  - { type: matrix, homeserver: "https://matrix.example.org", room: "!abc:example.org", token: "${MATRIX_TOKEN}" }
  - { type: discord, url: "https://discord.com/api/webhooks/${DISCORD_HOOK}" }
components:
  - { id: web, name: Web }
  - { id: api, name: API }
`
	cfg, problems := Parse("status.yaml", []byte(yaml))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(cfg.Notify) != 5 {
		t.Fatalf("notify = %+v", cfg.Notify)
	}
	slack, hook, tg := cfg.Notify[0], cfg.Notify[1], cfg.Notify[2]
	if slack.ID != "slack" || slack.URL != "${SLACK_WEBHOOK_URL}" || slack.Timeout != status.DefaultNotifyTimeout {
		t.Errorf("slack = %+v", slack)
	}
	if slack.Wants("web", status.AlertDegraded) || !slack.Wants("api", status.AlertDown) {
		t.Errorf("slack takes %v", slack.On)
	}
	if hook.ID != "ops-hook" || hook.Timeout != 3*time.Second || hook.Headers["Authorization"] != "Bearer ${HOOK_TOKEN}" {
		t.Errorf("webhook = %+v", hook)
	}
	if hook.Wants("api", status.AlertDown) || !hook.Wants("web", status.AlertDegraded) {
		t.Errorf("webhook components %v", hook.Components)
	}
	if tg.URL != DefaultTelegramAPI || tg.ChatID != "-1001234" || tg.Token != "${TG_TOKEN}" {
		t.Errorf("telegram = %+v", tg)
	}
}

// Every rule of the notify section, with the exact position reported.
func TestNotifyProblems(t *testing.T) {
	base := "title: T\nbase_url: https://s.example/\ncomponents:\n  - id: web\n    name: Web\nnotify:\n"
	tests := []struct{ name, yaml, want string }{
		{"bad type", "  - { type: sms, url: 'https://x/' }\n", `status.yaml:7:13: notify type "sms" is not one of webhook, slack, discord, telegram, matrix, email, mastodon`},
		{"missing url", "  - type: slack\n", `status.yaml:7:5: missing required key "url" in slack notify target`},
		{"key of another type", "  - { type: slack, url: 'https://x/', chat_id: 1 }\n", `status.yaml:7:39: unknown key "chat_id" in slack notify target`},
		{"typo", "  - { type: webhook, url: 'https://x/', header: {} }\n", `status.yaml:7:41: unknown key "header" in webhook notify target (did you mean "headers"?)`},
		{"relative url", "  - { type: discord, url: /hook }\n", `status.yaml:7:27: url "/hook" must be an absolute http(s) URL`},
		{"bad reference", "  - { type: slack, url: '${slack-url}' }\n", `status.yaml:7:25: url: "${slack-url}" is not a valid environment variable reference`},
		{"telegram without chat", "  - { type: telegram, token: '${T}' }\n", `status.yaml:7:5: missing required key "chat_id" in telegram notify target`},
		{"unknown component", "  - { type: slack, url: 'https://x/', components: [wbe] }\n", `status.yaml:7:52: unknown component "wbe" (did you mean "web"?)`},
		{"bad alert", "  - { type: slack, url: 'https://x/', on: [up] }\n", `status.yaml:7:44: on "up" is not one of down, degraded, recovered, incident, maintenance`},
		{"reminder without maintenance", "  - { type: slack, url: 'https://x/', remind_before: 2h }\n", `status.yaml:7:54: remind_before: this target is not sent maintenance (add maintenance to its on:)`},
		{"bad reminder", "  - { type: slack, url: 'https://x/', on: [maintenance], remind_before: soon }\n", `status.yaml:7:73: remind_before: "soon" is not a positive duration (use Go syntax: 10s, 2m, 336h)`},
		{"duplicate id", "  - { type: slack, url: 'https://x/' }\n  - { type: slack, url: 'https://y/' }\n", `status.yaml:8:5: duplicate notify id "slack": give each target of one type its own id`},
		{"matrix alias", "  - { type: matrix, homeserver: 'https://m.example/', room: '#ops:m.example', token: '${T}' }\n", `status.yaml:7:61: room "#ops:m.example" must be a room id such as !abc123:example.org (Room settings > Advanced), not an alias`},
		{"not a list", "  type: slack\n", `status.yaml:7:3: notify must be a list`},
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

// TestNotifyAnnouncements: on: takes incident and maintenance; a target
// with no on: keeps getting alerts alone; remind_before defaults to a day,
// and 0 turns the reminder off.
func TestNotifyAnnouncements(t *testing.T) {
	yaml := `title: T
base_url: https://s.example/
notify:
  - { id: team, type: slack, url: "https://x/" }
  - { id: public, type: webhook, url: "https://y/", on: [incident, maintenance, down], components: [api], remind_before: 2h }
  - { id: quiet, type: webhook, url: "https://z/", on: [maintenance], remind_before: 0 }
components:
  - { id: web, name: Web }
  - { id: api, name: API }
`
	cfg, problems := Parse("status.yaml", []byte(yaml))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	team, public, quiet := cfg.Notify[0], cfg.Notify[1], cfg.Notify[2]
	incident := &status.Incident{Kind: status.KindIncident, Components: []string{"web", "api"}}
	webOnly := &status.Incident{Kind: status.KindIncident, Components: []string{"web"}}
	maint := &status.Incident{Kind: status.KindMaintenance, Components: []string{"api"}}
	if team.WantsIncident(incident) || team.WantsIncident(maint) || !team.Wants("web", status.AlertDown) {
		t.Errorf("a target with no on: must keep alerts only: %+v", team)
	}
	if !public.WantsIncident(incident) || public.WantsIncident(webOnly) || !public.WantsIncident(maint) || !public.Wants("api", status.AlertDown) || public.Wants("api", status.AlertRecovered) {
		t.Errorf("public takes %v of %v", public.On, public.Components)
	}
	if public.RemindBefore != 2*time.Hour || team.RemindBefore != status.DefaultRemindBefore || quiet.RemindBefore >= 0 {
		t.Errorf("remind_before: %s %s %s", public.RemindBefore, team.RemindBefore, quiet.RemindBefore)
	}
	if quiet.WantsIncident(incident) || !quiet.WantsIncident(maint) {
		t.Errorf("quiet takes %v", quiet.On)
	}
	// The subscriber channels default to announcements, not alerts.
	for _, typ := range []status.NotifyType{"email", "mastodon"} {
		sub := status.NotifyTarget{Type: typ}
		if !sub.WantsIncident(incident) || !sub.WantsIncident(maint) || sub.Wants("web", status.AlertDown) {
			t.Errorf("%s with no on: takes %v", typ, sub.Takes())
		}
	}
}
