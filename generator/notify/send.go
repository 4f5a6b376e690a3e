package notify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// Defaults for Options left zero.
const (
	DefaultAttempts  = 3
	DefaultBackoff   = time.Second
	DefaultUserAgent = "buoy-notify/1 (+https://github.com/buoystatus/buoy)"
)

// Options configures a Sender. Every field is optional.
type Options struct {
	// Client sends the requests; default one with explicit dial, TLS and
	// header timeouts that follows no redirect.
	Client *http.Client
	// Getenv resolves the ${VAR} of URLs, tokens and headers.
	Getenv func(string) string
	// Attempts is how many times a message is tried; Backoff the wait
	// before the second try, doubled after each.
	Attempts int
	Backoff  time.Duration
	// Dial connects to SMTP servers (email); default a net.Dialer with a
	// 5-second timeout.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// TLSConfig is the base of SMTP connections' TLS (its RootCAs, say);
	// default the system's roots. The server name is always checked.
	TLSConfig *tls.Config
	// Now is the clock, for an email's Date when its post has no time.
	Now func() time.Time
}

// Sender delivers messages. It is safe for concurrent use.
type Sender struct {
	opts Options
}

// NewSender returns a Sender with opts, defaults filled in.
func NewSender(opts Options) *Sender {
	if opts.Client == nil {
		opts.Client = &http.Client{
			Transport: &http.Transport{
				// Unlike probes, alerts may need the runner's proxy to get out.
				Proxy:                  http.ProxyFromEnvironment,
				DialContext:            (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
				TLSHandshakeTimeout:    5 * time.Second,
				ResponseHeaderTimeout:  10 * time.Second,
				MaxResponseHeaderBytes: 64 << 10,
				IdleConnTimeout:        30 * time.Second,
			},
			// A webhook that redirects is misconfigured; following it would
			// hand the message, and the URL's secret, to another host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Dial == nil {
		opts.Dial = (&net.Dialer{Timeout: 5 * time.Second}).DialContext
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Attempts <= 0 {
		opts.Attempts = DefaultAttempts
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	return &Sender{opts: opts}
}

// Delivery is what became of one message.
type Delivery struct {
	Message  Message
	Attempts int
	// Err is nil when the target took the message. It never holds a
	// secret.
	Err error
}

// ConfigError is a target that cannot be used as configured here, such as
// one naming an unset environment variable. It is not retried.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// Send delivers every message within ctx, targets in parallel so that a
// hung one delays no other, each target's messages in order. It returns
// one Delivery per message, in the order given.
func (s *Sender) Send(ctx context.Context, msgs []Message) []Delivery {
	out := make([]Delivery, len(msgs))
	perTarget(len(msgs), func(i int) string { return msgs[i].Target.ID }, func(idx []int) {
		for _, i := range idx {
			out[i] = s.deliver(ctx, msgs[i])
		}
	})
	return out
}

// perTarget calls each with the indexes of the n items of each target, in
// order, the targets in parallel so that a hung one delays no other, and
// returns when all are done.
func perTarget(n int, target func(int) string, each func(idx []int)) {
	byTarget := map[string][]int{}
	var order []string
	for i := 0; i < n; i++ {
		id := target(i)
		if _, ok := byTarget[id]; !ok {
			order = append(order, id)
		}
		byTarget[id] = append(byTarget[id], i)
	}
	var wg sync.WaitGroup
	for _, id := range order {
		wg.Add(1)
		go func(idx []int) {
			defer wg.Done()
			each(idx)
		}(byTarget[id])
	}
	wg.Wait()
}

// permanent marks a refusal that trying again cannot change.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// refusal is a target's answer other than 2xx.
type refusal struct {
	code int
	error
}

func (r refusal) Unwrap() error { return r.error }

func (s *Sender) deliver(ctx context.Context, m Message) Delivery {
	d := Delivery{Message: m}
	if m.Target.Type == status.NotifyEmail || m.Target.Type == status.NotifyMastodon {
		// Mail and statuses are shaped as announcements are.
		r := s.deliverPost(ctx, m.post())
		d.Attempts, d.Err = r.Attempts, r.Err
		return d
	}
	secrets := secret.New(s.opts.Getenv)
	build, err := requestFor(m, secrets)
	if err != nil {
		d.Err = &ConfigError{Msg: fmt.Sprintf("notify %s: %v", m.Target.ID, err)}
		return d
	}
	r := s.retry(ctx, m.Target, build, secrets)
	d.Attempts, d.Err = r.Attempts, r.Err
	return d
}

// retry tries build's request until the target takes it or refuses it
// for good.
func (s *Sender) retry(ctx context.Context, t status.NotifyTarget, build func(context.Context) (*http.Request, error), secrets *secret.Set) Delivery {
	return s.tries(ctx, t, secrets, func(ctx context.Context) error {
		_, err := s.attempt(ctx, t, build, secrets)
		return err
	})
}

// tries runs try, one attempt, up to Attempts times, waiting Backoff
// (doubled each time, or a 429's Retry-After) in between, until it
// succeeds or fails for good (a permanent error).
func (s *Sender) tries(ctx context.Context, t status.NotifyTarget, secrets *secret.Set, try func(context.Context) error) Delivery {
	var d Delivery
	wait := s.opts.Backoff
	for d.Attempts < s.opts.Attempts {
		d.Attempts++
		err := try(ctx)
		if err == nil {
			d.Err = nil
			return d
		}
		// The target's answer in err is scrubbed already, before it was
		// shortened; this catches a secret in a transport error.
		d.Err = fmt.Errorf("notify %s: %s (attempt %d of %d)", t.ID, secrets.Scrub(err.Error()), d.Attempts, s.opts.Attempts)
		var p permanent
		if errors.As(err, &p) || d.Attempts == s.opts.Attempts {
			break
		}
		var ra retryAfter
		if errors.As(err, &ra) && ra.d > wait {
			wait = ra.d
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return d
		case <-timer.C:
		}
		wait *= 2
	}
	return d
}

// retryAfter carries a 429's Retry-After.
type retryAfter struct {
	error
	d time.Duration
}

// answerLimit is how much of a refusing target's answer is read, besides
// room for a whole secret at its end; answerShown how much of it, once
// scrubbed, an error quotes.
const (
	answerLimit = 4 << 10
	answerShown = 200
)

// attempt sends build's request once and returns the target's answer
// when it took it.
func (s *Sender) attempt(ctx context.Context, t status.NotifyTarget, build func(context.Context) (*http.Request, error), secrets *secret.Set) ([]byte, error) {
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = status.DefaultNotifyTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := build(actx)
	if err != nil {
		return nil, permanent{err}
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", DefaultUserAgent)
	}
	resp, err := s.opts.Client.Do(req)
	if err != nil {
		return nil, transportError(actx, ctx, err, timeout)
	}
	defer resp.Body.Close()
	limit := int64(answerLimit + secrets.Longest())
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	truncated := int64(len(body)) > limit
	if truncated {
		body = body[:limit]
	}
	// A target may echo the URL or token it was sent: its answer is
	// scrubbed whole, then shortened, never the other way round.
	if err := accepted(t.Type, resp.StatusCode, body, secrets.Excerpt(body, truncated, answerShown)); err != nil {
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			return nil, retryAfter{err, time.Duration(secs) * time.Second}
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
			return nil, err
		}
		return nil, permanent{err}
	}
	return body, nil
}

// transportError words a failed request without its URL, which may be the
// secret itself (a Slack webhook).
func transportError(actx, ctx context.Context, err error, timeout time.Duration) error {
	switch {
	case ctx.Err() != nil:
		// buoy probe's --deadline or buoy announce's --timeout.
		return errors.New("out of time: the run's deadline passed")
	case actx.Err() != nil:
		return fmt.Errorf("no answer within %s", timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// accepted reads a target's answer: any 2xx, and for Telegram an "ok"
// body as well. shown is the answer as an error may quote it: scrubbed
// and short.
func accepted(t status.NotifyType, code int, body []byte, shown string) error {
	if code < 200 || code > 299 {
		if msg := shown; msg != "" {
			return refusal{code, fmt.Errorf("HTTP %d: %s", code, msg)}
		}
		return refusal{code, fmt.Errorf("HTTP %d", code)}
	}
	if t == status.NotifyTelegram {
		var answer struct {
			OK          bool   `json:"ok"`
			Description string `json:"description"`
		}
		if json.Unmarshal(body, &answer) != nil || !answer.OK {
			return permanent{fmt.Errorf("telegram refused the message: %s", shown)}
		}
	}
	return nil
}
