package config

import (
	"net/mail"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

var subscribeKeys = []string{"email", "mastodon", "telegram", "slack", "discord", "links"}

// mastodonRE is an account as the fediverse writes it, name@host, the
// leading @ optional here since YAML wants it quoted.
var mastodonRE = regexp.MustCompile(`^@?([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)$`)

// channels reads `subscribe:`, the public channels the Subscribe page
// lists. Every link must be one a reader can follow: http(s) pages, and
// mailto only as built from a list's address.
func channels(d *yamlfile.Doc, n *yaml.Node) status.Channels {
	var c status.Channels
	noRefs(d, n)
	d.Fields(n, "subscribe", subscribeKeys, nil, func(key string, v *yaml.Node) {
		switch key {
		case "email":
			c.Email = emailChannel(d, v)
		case "mastodon":
			c.Mastodon = mastodonChannel(d, v)
		case "telegram":
			c.Telegram = absoluteURL(d, v, "subscribe telegram")
		case "slack":
			c.Slack = absoluteURL(d, v, "subscribe slack")
		case "discord":
			c.Discord = absoluteURL(d, v, "subscribe discord")
		case "links":
			for _, item := range d.Seq(v, "subscribe links") {
				var l status.ChannelLink
				d.Fields(item, "subscribe link", []string{"label", "url"}, []string{"label", "url"}, func(key string, v *yaml.Node) {
					switch key {
					case "label":
						l.Label = d.NonEmpty(v, "label")
					case "url":
						l.URL = absoluteURL(d, v, "url")
					}
				})
				if l.Label != "" && l.URL != "" {
					c.Links = append(c.Links, l)
				}
			}
		}
	})
	return c
}

func emailChannel(d *yamlfile.Doc, n *yaml.Node) *status.EmailChannel {
	var e status.EmailChannel
	if !d.Fields(n, "subscribe email", []string{"address", "url"}, nil, func(key string, v *yaml.Node) {
		switch key {
		case "address":
			e.Address = listAddress(d, v)
		case "url":
			e.URL = absoluteURL(d, v, "url")
		}
	}) {
		return nil
	}
	if len(n.Content) == 0 {
		d.Errorf(n, "subscribe email needs the list's address, a sign-up url, or both")
	}
	if e.Address == "" && e.URL == "" {
		return nil
	}
	return &e
}

// listAddress reads a bare address (list@example.org): the page makes
// the mailto: link itself, so a name, brackets or a scheme are errors.
func listAddress(d *yamlfile.Doc, v *yaml.Node) string {
	s := d.NonEmpty(v, "address")
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		hint := ""
		if strings.HasPrefix(strings.ToLower(s), "mailto:") {
			hint = " (without mailto:)"
		}
		d.Errorf(v, "address %q must be an email address such as status@lists.example.org%s", s, hint)
		return ""
	}
	return s
}

func mastodonChannel(d *yamlfile.Doc, n *yaml.Node) *status.MastodonChannel {
	var m status.MastodonChannel
	var host, name string
	if !d.Fields(n, "subscribe mastodon", []string{"account", "url"}, []string{"account"}, func(key string, v *yaml.Node) {
		switch key {
		case "account":
			s := d.NonEmpty(v, "account")
			if s == "" {
				return
			}
			sub := mastodonRE.FindStringSubmatch(s)
			if sub == nil {
				d.Errorf(v, `account %q must be a Mastodon account such as "@status@example.social"`, s)
				return
			}
			name, host = sub[1], sub[2]
			m.Account = "@" + name + "@" + host
		case "url":
			m.URL = absoluteURL(d, v, "url")
		}
	}) || m.Account == "" {
		return nil
	}
	if m.URL == "" {
		m.URL = "https://" + host + "/@" + name
	}
	return &m
}

// noRefs refuses ${VAR} anywhere under n: what subscribe declares is
// published as written, and a reference there would be a secret meant
// for notify: about to be shown to everyone, or a literal "${...}".
func noRefs(d *yamlfile.Doc, n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		d.Errorf(n, "%q: subscribe is published as written, ${VAR} is not expanded here (secrets belong in notify:)", n.Value)
	}
	for _, c := range n.Content {
		noRefs(d, c)
	}
}
