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

// What `on:` takes besides the alerts: the announcements `buoy announce`
// sends of what people write, incidents and maintenance.
const (
	OnIncident    Alert = "incident"
	OnMaintenance Alert = "maintenance"
)

// OnValues lists what a target's `on:` may name.
var OnValues = []Alert{AlertDown, AlertDegraded, AlertRecovered, OnIncident, OnMaintenance}

// DefaultRemindBefore is how long before a maintenance window a target
// taking maintenance is reminded of it, unless its remind_before says.
const DefaultRemindBefore = 24 * time.Hour

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
	// On lists what the target is sent; empty means its type's default
	// (DefaultOn).
	On      []Alert
	Timeout time.Duration
	// RemindBefore is how long before a maintenance window the reminder
	// is sent; negative sends none.
	RemindBefore time.Duration
}

// Wants reports whether the target takes alert a about component id.
func (t NotifyTarget) Wants(id string, a Alert) bool {
	return (len(t.Components) == 0 || contains(t.Components, id)) && contains(t.Takes(), a)
}

// Takes is what the target is sent: its on: list, or its type's default.
func (t NotifyTarget) Takes() []Alert {
	if len(t.On) > 0 {
		return t.On
	}
	return DefaultOn(t.Type)
}

// DefaultOn is what a target with no on: is sent. Chat and webhook
// targets, there for the team, keep getting the alerts alone, as before
// announcements existed; the subscriber channels, email and Mastodon,
// where the public reads, get the incidents and maintenance people write.
func DefaultOn(t NotifyType) []Alert {
	switch t {
	case NotifyEmail, NotifyMastodon:
		return []Alert{OnIncident, OnMaintenance}
	}
	return Alerts
}

// WantsIncident reports whether the target takes the announcements of
// in: incidents or maintenance as its on: says, and, when it lists
// components, only those touching one of them.
func (t NotifyTarget) WantsIncident(in *Incident) bool {
	on := OnIncident
	if in.IsMaintenance() {
		on = OnMaintenance
	}
	if !contains(t.Takes(), on) {
		return false
	}
	if len(t.Components) == 0 {
		return true
	}
	for _, id := range in.Components {
		if contains(t.Components, id) {
			return true
		}
	}
	return false
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
