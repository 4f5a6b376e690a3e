package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
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
	// id); empty starts a thread. Within one Deliver call a post with an
	// empty ReplyTo replies to the Remote of an earlier post of the same
	// Thread to the same target.
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
	byTarget := map[string][]int{}
	var order []string
	for i, p := range posts {
		if _, ok := byTarget[p.Target.ID]; !ok {
			order = append(order, p.Target.ID)
		}
		byTarget[p.Target.ID] = append(byTarget[p.Target.ID], i)
	}
	var wg sync.WaitGroup
	for _, id := range order {
		wg.Add(1)
		go func(idx []int) {
			defer wg.Done()
			last := map[string]string{}
			for _, i := range idx {
				p := posts[i]
				if p.ReplyTo == "" {
					p.ReplyTo = last[p.Thread]
				}
				out[i] = s.deliverPost(ctx, p)
				if out[i].Err == nil && out[i].Remote != "" {
					last[p.Thread] = out[i].Remote
				}
			}
		}(byTarget[id])
	}
	wg.Wait()
	return out
}

func (s *Sender) deliverPost(ctx context.Context, p Post) PostResult {
	r := PostResult{Post: p}
	secrets := secret.New(s.opts.Getenv)
	build, err := postRequest(p, secrets)
	if err != nil {
		r.Err = &ConfigError{Msg: fmt.Sprintf("notify %s: %v", p.Target.ID, err)}
		return r
	}
	d := s.retry(ctx, p.Target, build, secrets)
	r.Attempts, r.Err = d.Attempts, d.Err
	return r
}

// postRequest shapes p as its target's service expects.
func postRequest(p Post, secrets *secret.Set) (func(context.Context) (*http.Request, error), error) {
	t := p.Target
	base, err := secrets.Expand("url", t.URL)
	if err != nil {
		return nil, err
	}
	r := request{method: http.MethodPost, url: base, header: http.Header{"Content-Type": {"application/json"}}}
	switch t.Type {
	case status.NotifyWebhook:
		for k, v := range t.Headers {
			val, err := secrets.Expand("header "+k, v)
			if err != nil {
				return nil, err
			}
			r.header.Set(k, val)
		}
		r.header.Set("Idempotency-Key", p.Key)
		b, err := json.Marshal(p.Event)
		if err != nil {
			return nil, err
		}
		r.body = b
	default:
		return nil, fmt.Errorf("notify type %q cannot take announcements yet", t.Type)
	}
	return r.build, nil
}
