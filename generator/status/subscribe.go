package status

// Channels are the public places a site announces incidents and
// maintenance besides its feeds and calendar (status.yaml's `subscribe:`),
// listed on its Subscribe page. Each is a way in for readers, never a
// secret: the addresses are published as they are written.
type Channels struct {
	// Email is a mailing list: its address (the list's own, written to
	// as mailto:) and/or the page to sign up on.
	Email *EmailChannel
	// Mastodon is an account that posts the announcements.
	Mastodon *MastodonChannel
	// Telegram, Slack and Discord are invite or channel URLs; "" when
	// not declared.
	Telegram, Slack, Discord string
	// Links are any other places, each with its label.
	Links []ChannelLink
}

// EmailChannel is a mailing list; at least one of its fields is set.
type EmailChannel struct {
	Address string
	URL     string
}

// MastodonChannel is a fediverse account, "@name@host", and its profile
// URL (https://host/@name unless status.yaml names another).
type MastodonChannel struct {
	Account string
	URL     string
}

// ChannelLink is a place of the site's own choosing.
type ChannelLink struct {
	Label string
	URL   string
}

// Empty reports whether no channel is declared.
func (c Channels) Empty() bool {
	return c.Email == nil && c.Mastodon == nil && c.Telegram == "" && c.Slack == "" && c.Discord == "" && len(c.Links) == 0
}
