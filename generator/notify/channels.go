package notify

import (
	"bytes"
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

// Payload is the JSON document a webhook target receives. Its fields are
// a documented format (docs/alerts.md): add, never rename.
type Payload struct {
	Version   int                    `json:"version"`
	ID        string                 `json:"id"`
	Event     status.Alert           `json:"event"`
	Component PayloadComponent       `json:"component"`
	State     status.ComponentStatus `json:"state"`
	Previous  status.ComponentStatus `json:"previous"`
	Reason    string                 `json:"reason,omitempty"`
	Since     *time.Time             `json:"since,omitempty"`
	Time      time.Time              `json:"time"`
	Page      PayloadPage            `json:"page"`
	Text      string                 `json:"text"`
}

// PayloadComponent names the component and links its page.
type PayloadComponent struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// PayloadPage names the status page.
type PayloadPage struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// payload is the webhook document for m.
func payload(m Message) Payload {
	p := Payload{
		Version: 1, ID: m.Key(), Event: m.Alert,
		Component: PayloadComponent{ID: m.Component.ID, Name: m.Component.Name, URL: m.URL},
		State:     m.State, Previous: m.Previous, Reason: m.Reason, Time: m.Time.UTC(),
		Page: PayloadPage{Title: m.Site, URL: m.SiteURL}, Text: m.Text(),
	}
	if !m.Since.IsZero() {
		since := m.Since.UTC()
		p.Since = &since
	}
	return p
}

// request is an HTTP request to build anew for each attempt.
type request struct {
	method, url string
	header      http.Header
	body        []byte
}

func (r request) build(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, bytes.NewReader(r.body))
	if err != nil {
		// The URL may be the secret: say what is wrong, not what it is.
		return nil, fmt.Errorf("the URL is not valid once expanded")
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	return req, nil
}

// expanded are a target's values with their ${VAR}s read.
type expanded struct{ url, token, chat, room string }

func expandTarget(t status.NotifyTarget, secrets *secret.Set) (expanded, error) {
	var v expanded
	for _, f := range []struct {
		what string
		in   string
		out  *string
	}{{"url", t.URL, &v.url}, {"token", t.Token, &v.token}, {"chat_id", t.ChatID, &v.chat}, {"room", t.Room, &v.room}} {
		s, err := secrets.Expand(f.what, f.in)
		if err != nil {
			return v, err
		}
		*f.out = s
	}
	return v, nil
}

// requestFor expands the target's secrets and shapes m as its service
// expects.
func requestFor(m Message, secrets *secret.Set) (func(context.Context) (*http.Request, error), error) {
	t := m.Target
	v, err := expandTarget(t, secrets)
	if err != nil {
		return nil, err
	}
	base, token, chat, room := v.url, v.token, v.chat, v.room
	r := request{method: http.MethodPost, url: base, header: http.Header{"Content-Type": {"application/json"}}}
	var body any
	switch t.Type {
	case status.NotifyWebhook:
		for k, v := range t.Headers {
			val, err := secrets.Expand("header "+k, v)
			if err != nil {
				return nil, err
			}
			r.header.Set(k, val)
		}
		r.header.Set("Idempotency-Key", m.Key())
		body = payload(m)
	case status.NotifySlack:
		body = map[string]any{"text": m.Text()}
	case status.NotifyDiscord:
		// No @everyone from a reason a server wrote.
		body = map[string]any{"content": m.Text(), "allowed_mentions": map[string]any{"parse": []string{}}}
	case status.NotifyTelegram:
		r.url = strings.TrimRight(base, "/") + "/bot" + token + "/sendMessage"
		body = map[string]any{"chat_id": chat, "text": m.Text(), "disable_web_page_preview": true}
	case status.NotifyMatrix:
		// The transaction id makes a retried send a no-op on the server.
		r.method = http.MethodPut
		r.url = strings.TrimRight(base, "/") + "/_matrix/client/v3/rooms/" + url.PathEscape(room) + "/send/m.room.message/buoy-" + m.Key()
		r.header.Set("Authorization", "Bearer "+token)
		body = map[string]any{"msgtype": "m.text", "body": m.Text()}
	default:
		return nil, fmt.Errorf("unknown notify type %q", t.Type)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	r.body = b
	return r.build, nil
}
