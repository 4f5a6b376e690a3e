package notify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// mastodonLinkLength is what Mastodon counts any URL in a status as,
// however long.
const mastodonLinkLength = 23

// deliverStatus posts p as a status and returns its id. A status that
// replies to one deleted since (Mastodon answers 404) starts a new thread
// rather than failing on every run to come.
func (s *Sender) deliverStatus(ctx context.Context, p Post, secrets *secret.Set) (Delivery, string, error) {
	post := func(p Post) (d Delivery, id string, gone bool, err error) {
		build, err := mastodonRequest(p, secrets)
		if err != nil {
			return d, "", false, err
		}
		d = s.tries(ctx, p.Target, secrets, func(ctx context.Context) error {
			answer, err := s.attempt(ctx, p.Target, build, secrets)
			var r refusal
			gone = errors.As(err, &r) && r.code == http.StatusNotFound
			if err == nil {
				id = statusID(answer)
			}
			return err
		})
		return d, id, gone, nil
	}
	d, id, gone, err := post(p)
	if err != nil || !gone || p.ReplyTo == "" {
		return d, id, err
	}
	p.ReplyTo = ""
	again, id, _, err := post(p)
	again.Attempts += d.Attempts
	return again, id, err
}

// mastodonRequest is a post as a status: POST /api/v1/statuses with the
// text, the visibility, the language, and in_reply_to_id threading it
// under the incident's previous status. The Idempotency-Key makes a
// retried request post once.
func mastodonRequest(p Post, secrets *secret.Set) (func(context.Context) (*http.Request, error), error) {
	t := p.Target
	v, err := expandTarget(t, secrets)
	if err != nil {
		return nil, err
	}
	text, err := mastodonStatus(p, t.MaxCharacters)
	if err != nil {
		return nil, err
	}
	form := url.Values{"status": {text}}
	vis := t.Visibility
	if vis == "" {
		vis = "public"
	}
	form.Set("visibility", vis)
	if lang := mastodonLanguage(p.Language); lang != "" {
		form.Set("language", lang)
	}
	if p.ReplyTo != "" {
		form.Set("in_reply_to_id", p.ReplyTo)
	}
	r := request{
		method: http.MethodPost,
		url:    strings.TrimRight(v.url, "/") + "/api/v1/statuses",
		header: http.Header{
			"Content-Type":    {"application/x-www-form-urlencoded"},
			"Authorization":   {"Bearer " + v.token},
			"Idempotency-Key": {p.Key},
		},
		body: []byte(form.Encode()),
	}
	return r.build, nil
}

// mastodonStatus is a post as plain text within limit characters,
// counted as Mastodon counts: the link at the end as 23, whatever its
// length. A URL in the body is counted as its length plus 13, never less
// than Mastodon's count (which is 23 for the part it reads as a URL, and
// a URL is at least 10 characters long).
func mastodonStatus(p Post, limit int) (string, error) {
	if limit <= 0 {
		limit = status.DefaultMastodonLimit
	}
	return rendered(p, plainFormat(true), func(s string) bool {
		return mastodonLength(s, p.Link) <= limit
	})
}

var urlRE = regexp.MustCompile(`https?://\S+`)

func mastodonLength(s, link string) int {
	n := 0
	if link != "" && strings.HasSuffix(s, link) {
		s = s[:len(s)-len(link)]
		n = mastodonLinkLength
	}
	return n + 13*len(urlRE.FindAllStringIndex(s, -1)) + utf8.RuneCountInString(s)
}

// mastodonLanguage is the ISO 639 code Mastodon takes: the tag's primary
// language.
func mastodonLanguage(tag string) string {
	lang, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if len(lang) < 2 || len(lang) > 3 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return lang
}

// statusID reads the id of the status Mastodon created.
func statusID(answer []byte) string {
	var st struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(answer, &st) != nil {
		return ""
	}
	return st.ID
}
