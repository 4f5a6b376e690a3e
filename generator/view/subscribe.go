package view

import (
	"net/url"
	"strings"

	"github.com/buoystatus/buoy/generator/status"
)

// subscribeParams is the Subscribe page's front matter: the components,
// grouped as on the home page, whose feeds and calendars it lists (their
// addresses follow from the ids), and the site's public channels in a
// fixed order, only those status.yaml declares.
type subscribeParams struct {
	Groups   []subscribeGroup `json:"groups"`
	Channels []channelParams  `json:"channels"`
}

type subscribeGroup struct {
	Name       string               `json:"name"`
	Components []subscribeComponent `json:"components"`
}

type subscribeComponent struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// channelParams is one channel. Kind is email, mastodon, telegram,
// slack, discord or link; URL its page (an email list's sign-up page,
// which it may lack); Address and Mailto an email list's address and the
// link to write to it; Account a Mastodon account; Label a link's name.
// Text is how a telegram or link URL reads as a link: without its
// scheme or a lone trailing slash.
type channelParams struct {
	Kind    string `json:"kind"`
	URL     string `json:"url,omitempty"`
	Text    string `json:"text,omitempty"`
	Address string `json:"address,omitempty"`
	Mailto  string `json:"mailto,omitempty"`
	Account string `json:"account,omitempty"`
	Label   string `json:"label,omitempty"`
}

func subscribe(cfg *status.Config) subscribeParams {
	p := subscribeParams{Channels: []channelParams{}}
	for _, g := range cfg.Groups() {
		sg := subscribeGroup{Name: g.Name}
		for _, c := range g.Components {
			sg.Components = append(sg.Components, subscribeComponent{ID: c.ID, Name: c.Name})
		}
		p.Groups = append(p.Groups, sg)
	}
	ch := cfg.Subscribe
	if e := ch.Email; e != nil {
		p.Channels = append(p.Channels, channelParams{Kind: "email", URL: e.URL, Address: e.Address, Mailto: mailto(e.Address)})
	}
	if m := ch.Mastodon; m != nil {
		p.Channels = append(p.Channels, channelParams{Kind: "mastodon", URL: m.URL, Account: m.Account})
	}
	if ch.Telegram != "" {
		p.Channels = append(p.Channels, channelParams{Kind: "telegram", URL: ch.Telegram, Text: linkText(ch.Telegram)})
	}
	// Invites are long and opaque: the theme names them in words.
	for _, c := range []struct{ kind, url string }{{"slack", ch.Slack}, {"discord", ch.Discord}} {
		if c.url != "" {
			p.Channels = append(p.Channels, channelParams{Kind: c.kind, URL: c.url})
		}
	}
	for _, l := range ch.Links {
		p.Channels = append(p.Channels, channelParams{Kind: "link", URL: l.URL, Text: linkText(l.URL), Label: l.Label})
	}
	return p
}

// mailto is the link that writes to address. A local part may hold "?",
// "#" or "%", which a mailto: URL would read as the start of its headers
// (RFC 6068): they are escaped, so the link writes to the list alone.
func mailto(address string) string {
	if address == "" {
		return ""
	}
	at := strings.LastIndex(address, "@")
	return "mailto:" + url.PathEscape(address[:at]) + address[at:]
}

// linkText is an http(s) URL as people write it: "t.me/example".
func linkText(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	if strings.Count(rest, "/") == 1 {
		rest = strings.TrimSuffix(rest, "/")
	}
	return rest
}
