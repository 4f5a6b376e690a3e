package status

import "time"

// NotifyType names where alerts go.
type NotifyType string

const (
	// NotifyWebhook POSTs a JSON document describing the change to any URL.
	NotifyWebhook  NotifyType = "webhook"
	NotifySlack    NotifyType = "slack"
	NotifyDiscord  NotifyType = "discord"
	NotifyTelegram NotifyType = "telegram"
	NotifyMatrix   NotifyType = "matrix"
	// NotifyEmail sends mail over SMTP, usually to a mailing list.
	NotifyEmail NotifyType = "email"
	// NotifyMastodon posts statuses to a Mastodon account.
	NotifyMastodon NotifyType = "mastodon"
)

// NotifyTypes lists the valid notify types.
var NotifyTypes = []NotifyType{NotifyWebhook, NotifySlack, NotifyDiscord, NotifyTelegram, NotifyMatrix, NotifyEmail, NotifyMastodon}

// DefaultMastodonLimit is how many characters a Mastodon status holds
// unless the target says its server allows more.
const DefaultMastodonLimit = 500

// Mastodon visibilities a status may have.
var MastodonVisibilities = []string{"public", "unlisted", "private", "direct"}

// DefaultNotifyTimeout bounds one delivery attempt to a target.
const DefaultNotifyTimeout = 10 * time.Second

// Alert is the kind of change an alert announces.
type Alert string

const (
	AlertDown      Alert = "down"
	AlertDegraded  Alert = "degraded"
	AlertRecovered Alert = "recovered"
)

// Alerts lists the valid alerts.
var Alerts = []Alert{AlertDown, AlertDegraded, AlertRecovered}

// NotifyTarget is one place alerts are sent to, as declared in
// status.yaml. Its string fields keep their ${VAR} references unexpanded:
// webhook URLs and tokens are secrets, read from the environment only at
// the moment of sending.
type NotifyTarget struct {
	// ID names the target in reports and in the alert log; default its type.
	ID   string
	Type NotifyType
	// URL is the webhook (webhook, slack, discord), the Bot API server
	// (telegram), the homeserver (matrix), the SMTP server as
	// smtp://host:587 or smtps://host:465 (email) or the server (mastodon).
	URL string
	// Headers are sent with webhook requests.
	Headers map[string]string
	// Token is the bot token (telegram) or access token (matrix,
	// mastodon).
	Token string
	// ChatID is the telegram chat; Room the matrix room id or alias.
	ChatID, Room string
	// Username and Password log in to the SMTP server (email); both empty
	// sends without logging in.
	Username, Password string
	// From is the sender's address, To the recipients' (email): "Name
	// <addr>" or a bare address each.
	From string
	To   []string
	// ListUnsubscribe are the mailto: or https: URLs of the email's
	// List-Unsubscribe header.
	ListUnsubscribe []string
	// Visibility is a Mastodon status's: public (the default), unlisted,
	// private or direct; MaxCharacters the server's limit, default
	// DefaultMastodonLimit.
	Visibility    string
	MaxCharacters int
	// Components limits the target to these component ids; empty means all.
	Components []string
	// On lists the alerts sent; empty means all.
	On      []Alert
	Timeout time.Duration
}

// Wants reports whether the target takes alert a about component id.
func (t NotifyTarget) Wants(id string, a Alert) bool {
	return (len(t.Components) == 0 || contains(t.Components, id)) && (len(t.On) == 0 || contains(t.On, a))
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Alert is the alert that announces a change into state s: down,
// degraded, or recovered for operational. Partial and major outages are
// both down, so a change between them, often one region flapping, pages
// nobody twice.
func (s ComponentStatus) Alert() Alert {
	switch s {
	case PartialOutage, MajorOutage:
		return AlertDown
	case DegradedPerformance:
		return AlertDegraded
	}
	return AlertRecovered
}
