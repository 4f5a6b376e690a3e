package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// Post is a message that is not an alert: an incident or maintenance
// announcement written by people, sent by `buoy announce`. Each channel
// shapes it in its own format (see Deliver).
type Post struct {
	Target status.NotifyTarget
	// Key identifies the post, the same across retries and runs, so that
	// receivers able to deduplicate do: a webhook's Idempotency-Key, a
	// Matrix transaction id, Mastodon's Idempotency-Key, the email
	// Message-ID.
	Key string
	// Thread identifies the conversation the post belongs to, one per
	// incident; Key == Thread marks the thread's first post. Email threads
	// on it (In-Reply-To and References), without any stored state.
	Thread string
	// ReplyTo is the service's id of the thread's latest post on this
	// target, kept from an earlier PostResult.Remote (a Mastodon status
	// id); empty starts a thread. Within one Deliver call a post replies
	// instead to the Remote of the latest earlier post of the same Thread
	// to the same target that was taken, if one was.
	ReplyTo string
	// Subject is one line of plain text: an email's subject, the first
	// line of a chat message.
	Subject string
	// Body is Markdown, which each channel renders in its own format and
	// cuts cleanly at its limit; Link is never cut.
	Body string
	// Link is the page to read: the incident's page.
	Link string
	// Site is the status page's title, SiteURL its address.
	Site, SiteURL string
	// Language is the BCP 47 tag the post is written in.
	Language string
	Time     time.Time
	// Event is the JSON document a webhook target receives as it is (its
	// format is documented in docs/announce.md).
	Event any
}

// PostResult is what became of one post.
type PostResult struct {
	Post     Post
	Attempts int
	// Remote is the service's id of the post when it gives one (Mastodon),
	// for the ReplyTo of the thread's next post.
	Remote string
	// Err is nil when the target took the post. It never holds a secret;
	// a *ConfigError is not worth retrying before the configuration
	// changes.
	Err error
}

// Deliver sends posts as Send sends alerts: targets in parallel so that a
// hung one delays no other, each target's posts in order, with the same
// retry, timeout and secret rules. It returns one PostResult per post, in
// the order given.
func (s *Sender) Deliver(ctx context.Context, posts []Post) []PostResult {
	out := make([]PostResult, len(posts))
	perTarget(len(posts), func(i int) string { return posts[i].Target.ID }, func(idx []int) {
		last := map[string]string{}
		for _, i := range idx {
			p := posts[i]
			if r, ok := last[p.Thread]; ok {
				p.ReplyTo = r
			}
			out[i] = s.deliverPost(ctx, p)
			if out[i].Err == nil && out[i].Remote != "" {
				last[p.Thread] = out[i].Remote
			}
		}
	})
	return out
}

func (s *Sender) deliverPost(ctx context.Context, p Post) PostResult {
	r := PostResult{Post: p}
	secrets := secret.New(s.opts.Getenv)
	configErr := func(err error) PostResult {
		r.Err = &ConfigError{Msg: fmt.Sprintf("notify %s: %v", p.Target.ID, err)}
		return r
	}
	var d Delivery
	switch p.Target.Type {
	case status.NotifyEmail:
		send, err := s.emailSend(p, secrets)
		if err != nil {
			return configErr(err)
		}
		d = s.tries(ctx, p.Target, secrets, send)
	case status.NotifyMastodon:
		var err error
		d, r.Remote, err = s.deliverStatus(ctx, p, secrets)
		if err != nil {
			return configErr(err)
		}
	default:
		build, err := postRequest(p, secrets)
		if err != nil {
			return configErr(err)
		}
		d = s.retry(ctx, p.Target, build, secrets)
	}
	r.Attempts, r.Err = d.Attempts, d.Err
	return r
}

// postRequest shapes p as its target's service expects.
func postRequest(p Post, secrets *secret.Set) (func(context.Context) (*http.Request, error), error) {
	t := p.Target
	v, err := expandTarget(t, secrets)
	if err != nil {
		return nil, err
	}
	r := request{method: http.MethodPost, url: v.url, header: http.Header{"Content-Type": {"application/json"}}}
	var body any
	switch t.Type {
	case status.NotifyWebhook:
		for k, val := range t.Headers {
			val, err := secrets.Expand("header "+k, val)
			if err != nil {
				return nil, err
			}
			r.header.Set(k, val)
		}
		r.header.Set("Idempotency-Key", p.Key)
		body = p.Event
	case status.NotifySlack:
		text, err := rendered(p, slackFormat(), within(slackLimit))
		if err != nil {
			return nil, err
		}
		body = map[string]any{"text": text, "mrkdwn": true}
	case status.NotifyDiscord:
		text, err := rendered(p, discordFormat(), within(discordLimit))
		if err != nil {
			return nil, err
		}
		body = map[string]any{"content": text, "allowed_mentions": map[string]any{"parse": []string{}}}
	case status.NotifyTelegram:
		text, err := rendered(p, telegramFormat(), within(telegramLimit))
		if err != nil {
			return nil, err
		}
		r.url = strings.TrimRight(v.url, "/") + "/bot" + v.token + "/sendMessage"
		body = map[string]any{
			"chat_id": v.chat, "text": text, "parse_mode": "HTML",
			"disable_web_page_preview": true, "link_preview_options": map[string]any{"is_disabled": true},
		}
	case status.NotifyMatrix:
		plain, formatted, err := matrixMessage(p)
		if err != nil {
			return nil, err
		}
		// The transaction id makes a retried send a no-op on the server.
		r.method = http.MethodPut
		r.url = strings.TrimRight(v.url, "/") + "/_matrix/client/v3/rooms/" + url.PathEscape(v.room) + "/send/m.room.message/buoy-post-" + url.PathEscape(p.Key)
		r.header.Set("Authorization", "Bearer "+v.token)
		// An empty m.mentions tells clients that the text mentions nobody,
		// whatever names it holds.
		body = map[string]any{
			"msgtype": "m.text", "body": plain,
			"format": "org.matrix.custom.html", "formatted_body": formatted,
			"m.mentions": map[string]any{},
		}
	default:
		return nil, fmt.Errorf("notify type %q cannot take announcements", t.Type)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	r.body = b
	return r.build, nil
}
