package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// Stages of an HTTP exchange, as they read in a timeout reason.
const (
	stageConnect  = "while connecting"
	stageTLS      = "during TLS handshake"
	stageResponse = "waiting for response"
	stageBody     = "reading body"
)

// http runs an http probe. Its error is a configuration problem only.
func (c *check) http(ctx context.Context) error {
	p := c.p
	headers := http.Header{}
	var secretHeaders []string
	for k, v := range p.Headers {
		val, err := c.expand("header "+k, v)
		if err != nil {
			return err
		}
		headers.Set(k, val)
		if secret.Refers(v) {
			secretHeaders = append(secretHeaders, k)
		}
	}
	var bodyRE *regexp.Regexp
	if p.Expect.BodyMatches != "" {
		re, err := regexp.Compile(p.Expect.BodyMatches)
		if err != nil {
			return fmt.Errorf("body_matches: %w", err)
		}
		bodyRE = re
	}
	method := p.Method
	if method == "" {
		method = http.MethodGet
	}

	var stage atomic.Value
	stage.Store(stageConnect)
	trace := &httptrace.ClientTrace{
		ConnectStart:         func(string, string) { stage.Store(stageConnect) },
		TLSHandshakeStart:    func() { stage.Store(stageTLS) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { stage.Store(stageResponse) },
		GotConn:              func(httptrace.GotConnInfo) { stage.Store(stageResponse) },
		GotFirstResponseByte: func() { stage.Store(stageResponse) },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, p.URL, nil)
	if err != nil {
		return fmt.Errorf("url: %w", err)
	}
	req.Header = headers
	if h := headers.Get("Host"); h != "" {
		req.Host = h
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.r.opts.UserAgent)
	}

	redirects := 0
	client := &http.Client{
		Transport: c.r.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			redirects++
			if redirects > c.r.opts.MaxRedirects {
				return errTooManyRedirects
			}
			return guardRedirect(next, via, secretHeaders)
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		c.set(status.OutcomeDown, "%s", c.errReason(err, stage.Load().(string)))
		return nil
	}
	defer resp.Body.Close()
	c.res.HTTPStatus = resp.StatusCode

	// The body is read to its end (or the cap) even when no check needs
	// it: a response that stalls halfway is broken for users too.
	limit := c.r.opts.BodyLimit
	needBody := p.Expect.BodyContains != "" || bodyRE != nil || len(p.Expect.JSON) > 0
	var body []byte
	var n int64
	if needBody {
		body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
		n = int64(len(body))
	} else {
		n, err = io.Copy(io.Discard, io.LimitReader(resp.Body, limit+1))
	}
	c.res.Latency = c.elapsed()
	if err != nil {
		c.set(status.OutcomeDown, "HTTP %d, then %s", resp.StatusCode, c.errReason(err, stageBody))
		return nil
	}
	// Past the cap the rest is left unread: a 100 MB answer costs a
	// probe no more than 1 MiB.
	truncated := n > limit
	if truncated && needBody {
		body = body[:limit]
	}

	if !statusOK(resp.StatusCode, p.Expect.Status) {
		c.set(status.OutcomeDown, "HTTP %d", resp.StatusCode)
		if len(p.Expect.Status) > 0 {
			c.res.Reason += fmt.Sprintf(", expected %s", joinInts(p.Expect.Status))
		}
		return nil
	}
	if why := checkBody(body, truncated, limit, p.Expect, bodyRE, c.scrub); why != "" {
		c.set(status.OutcomeDown, "HTTP %d, %s", resp.StatusCode, why)
		return nil
	}
	if max := p.Expect.MaxLatency; max > 0 && c.res.Latency > max {
		c.set(status.OutcomeDegraded, "HTTP %d in %s, slower than %s", resp.StatusCode, short(c.res.Latency), short(max))
		return nil
	}
	c.set(status.OutcomeUp, "HTTP %d", resp.StatusCode)
	return nil
}

func statusOK(code int, want []int) bool {
	if len(want) == 0 {
		return code >= 200 && code < 300
	}
	for _, w := range want {
		if w == code {
			return true
		}
	}
	return false
}

// checkBody returns why the body fails the expectations, or "".
func checkBody(body []byte, truncated bool, limit int64, e status.Expect, re *regexp.Regexp, redact func(string) string) string {
	if e.BodyContains != "" && !strings.Contains(string(body), e.BodyContains) {
		return fmt.Sprintf("body lacks %s", quoteShort(e.BodyContains))
	}
	if re != nil && !re.Match(body) {
		return fmt.Sprintf("body does not match %s", quoteShort(re.String()))
	}
	if len(e.JSON) > 0 {
		if truncated {
			return fmt.Sprintf("JSON body larger than %s, not checked", size(limit))
		}
		return checkJSON(body, e.JSON, redact)
	}
	return ""
}

func quoteShort(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "`" + s + "`"
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, " or ")
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
