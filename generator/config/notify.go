package config

import (
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

// Keys each notify type accepts besides id, type, components, on and
// timeout.
var notifyKeys = map[status.NotifyType][]string{
	status.NotifyWebhook:  {"url", "headers"},
	status.NotifySlack:    {"url"},
	status.NotifyDiscord:  {"url"},
	status.NotifyTelegram: {"token", "chat_id", "api_url"},
	status.NotifyMatrix:   {"homeserver", "room", "token"},
	status.NotifyEmail:    {"server", "username", "password", "from", "to", "list_unsubscribe"},
	status.NotifyMastodon: {"server", "token", "visibility", "max_characters"},
}

var notifyRequired = map[status.NotifyType][]string{
	status.NotifyWebhook:  {"url"},
	status.NotifySlack:    {"url"},
	status.NotifyDiscord:  {"url"},
	status.NotifyTelegram: {"token", "chat_id"},
	status.NotifyMatrix:   {"homeserver", "room", "token"},
	status.NotifyEmail:    {"server", "from", "to"},
	status.NotifyMastodon: {"server", "token"},
}

// DefaultTelegramAPI is the Bot API server telegram targets use unless
// api_url names another (a self-hosted one).
const DefaultTelegramAPI = "https://api.telegram.org"

// notifyTargets reads `notify:` once the components are known, so that a
// target's components can be checked wherever the key stands in the file.
func notifyTargets(d *yamlfile.Doc, n *yaml.Node, comps []status.Component) []status.NotifyTarget {
	seen := map[string]bool{}
	var out []status.NotifyTarget
	for _, item := range d.Seq(n, "notify") {
		t, ok := notifyTarget(d, item, comps)
		if !ok {
			continue
		}
		if t.ID != "" && seen[t.ID] {
			d.Errorf(item, "duplicate notify id %q: give each target of one type its own id", t.ID)
		}
		seen[t.ID] = true
		out = append(out, t)
	}
	return out
}

func notifyTarget(d *yamlfile.Doc, n *yaml.Node, comps []status.Component) (status.NotifyTarget, bool) {
	t := status.NotifyTarget{Timeout: status.DefaultNotifyTimeout, RemindBefore: status.DefaultRemindBefore}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "notify target must be a mapping of keys to values")
		return t, false
	}
	typed := false
	var remind *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			typed = true
			t.Type = yamlfile.Enum(d, n.Content[i+1], "notify type", status.NotifyTypes)
		}
	}
	known := []string{"id", "type", "components", "on", "timeout", "remind_before"}
	required := []string{"type"}
	what := "notify target"
	switch {
	case t.Type != "":
		known = append(known, notifyKeys[t.Type]...)
		required = append(required, notifyRequired[t.Type]...)
		what = string(t.Type) + " notify target"
	case typed:
		// A bad type is reported once; its other keys cannot be judged.
		for _, keys := range notifyKeys {
			known = append(known, keys...)
		}
	}
	d.Fields(n, what, known, required, func(key string, v *yaml.Node) {
		if mailField(d, &t, key, v) {
			return
		}
		switch key {
		case "id":
			t.ID = id(d, v, "notify id")
		case "timeout":
			t.Timeout = d.Duration(v, "timeout")
		case "url", "api_url", "homeserver":
			t.URL = secretURL(d, v, key)
		case "headers":
			t.Headers = headers(d, v)
		case "token":
			t.Token = secret(d, v, key)
		case "chat_id":
			t.ChatID = secret(d, v, key)
		case "room":
			t.Room = secret(d, v, key)
			if !strings.Contains(t.Room, "${") && !strings.HasPrefix(t.Room, "!") {
				d.Errorf(v, "room %q must be a room id such as !abc123:example.org (Room settings > Advanced), not an alias", t.Room)
			}
		case "components":
			t.Components = componentRefs(d, v, comps)
		case "on":
			for _, item := range d.Seq(v, "on") {
				if a := yamlfile.Enum(d, item, "on", status.OnValues); a != "" {
					t.On = append(t.On, a)
				}
			}
		case "remind_before":
			t.RemindBefore = remindBefore(d, v)
			remind = v
		}
	})
	if t.ID == "" {
		t.ID = string(t.Type)
	}
	if remind != nil && t.Type != "" && !slices.Contains(t.Takes(), status.OnMaintenance) {
		d.Errorf(remind, "remind_before: this target is not sent maintenance (add maintenance to its on:)")
	}
	if t.Type == status.NotifyTelegram && t.URL == "" {
		t.URL = DefaultTelegramAPI
	}
	if t.Type == status.NotifyEmail && (t.Username == "") != (t.Password == "") {
		d.Errorf(n, "email notify target needs both username and password, or neither")
	}
	if t.Type == status.NotifyMastodon {
		if t.Visibility == "" {
			t.Visibility = "public"
		}
		if t.MaxCharacters == 0 {
			t.MaxCharacters = status.DefaultMastodonLimit
		}
	}
	return t, true
}

// remindBefore reads how long before a maintenance window its reminder is
// sent: a positive duration, or 0 for no reminder.
func remindBefore(d *yamlfile.Doc, v *yaml.Node) time.Duration {
	if v.Kind == yaml.ScalarNode && v.Value == "0" {
		return -1
	}
	return d.Duration(v, "remind_before")
}

// secret reads text that may hold ${VAR} references, checking their names.
func secret(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := d.NonEmpty(v, what)
	checkRefs(d, v, what, s)
	return s
}

func checkRefs(d *yamlfile.Doc, v *yaml.Node, what, s string) {
	for _, m := range envRE.FindAllStringSubmatch(s, -1) {
		if !envNameRE.MatchString(m[1]) {
			d.Errorf(v, "%s: %q is not a valid environment variable reference", what, m[0])
		}
	}
}

// secretURL reads an absolute http(s) URL, or one built from ${VAR}
// references: a Slack webhook URL is itself the secret, so it is usually
// all variable and can only be checked once expanded.
func secretURL(d *yamlfile.Doc, v *yaml.Node, what string) string {
	if v.Kind == yaml.ScalarNode && strings.Contains(v.Value, "${") {
		return secret(d, v, what)
	}
	return absoluteURL(d, v, what)
}

func componentRefs(d *yamlfile.Doc, v *yaml.Node, comps []status.Component) []string {
	var out []string
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	ids := make([]string, len(comps))
	for i, c := range comps {
		ids[i] = c.ID
	}
	for _, item := range items {
		s := d.NonEmpty(item, "components item")
		if s == "" {
			continue
		}
		if !slices.Contains(ids, s) {
			d.Errorf(item, "unknown component %q%s", s, yamlfile.Suggest(s, ids))
			continue
		}
		out = append(out, s)
	}
	return out
}
