// Package probe measures services from the outside: http, tls, dns and tcp
// checks, each bounded by a hard timeout, and rounds running many of them
// at once. A check's finding is a status.Result, never a Go error: a
// target that is down, slow or lying is data.
package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// Dialer opens network connections; tests and callers may route or
// observe them. *net.Dialer satisfies it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Defaults for Options left zero.
const (
	DefaultBodyLimit    = 1 << 20
	DefaultMaxRedirects = 10
	DefaultUserAgent    = "buoy-probe/1 (+https://github.com/buoystatus/buoy)"
)

// Options configures a Runner. Every field is optional.
type Options struct {
	// Now is the clock; results are stamped with it and certificates are
	// judged against it.
	Now func() time.Time
	// Dialer opens every connection; default a net.Dialer.
	Dialer Dialer
	// RootCAs are the trusted roots for tls and https; nil means the
	// system's.
	RootCAs *x509.CertPool
	// Getenv resolves ${VAR} in headers; nil resolves nothing.
	Getenv func(string) string
	// Region is stamped on every result.
	Region string
	// Nameservers are used by dns probes that name no resolver; default
	// the ones of /etc/resolv.conf.
	Nameservers func() ([]string, error)
	// BodyLimit caps how much of a response body is read.
	BodyLimit int64
	// MaxRedirects caps how many redirects an http probe follows.
	MaxRedirects int
	UserAgent    string
}

// RoundGCPercent is the collector's target (runtime/debug.SetGCPercent)
// for a process that runs one round, as `buoy probe` does. A
// round's heap is small (tens of MB for 1,000 probes), and while its
// probes start the collector, at its default of 100, runs again and again
// to scan the stacks of thousands of goroutines: CPU taken from starting
// the probes, so the last ones start, and end, later. Measured at 1,000
// probes on 2 busy cores (BenchmarkRound1000), 400 ended rounds 0.25 s
// past their timeout against 0.51 s (medians of 5), for a few MB more.
const RoundGCPercent = 400

// Runner runs probes. It is safe for concurrent use.
type Runner struct {
	opts      Options
	transport *http.Transport
}

// New returns a Runner with opts, defaults filled in.
func New(opts Options) *Runner {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Dialer == nil {
		opts.Dialer = &net.Dialer{KeepAlive: -1}
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Nameservers == nil {
		opts.Nameservers = systemNameservers
	}
	if opts.BodyLimit <= 0 {
		opts.BodyLimit = DefaultBodyLimit
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	r := &Runner{opts: opts}
	r.transport = &http.Transport{
		// No proxy from the environment: a probe measures the path to the
		// service, not to a proxy the CI runner happens to have.
		Proxy:       nil,
		DialContext: opts.Dialer.DialContext,
		TLSClientConfig: &tls.Config{
			RootCAs: opts.RootCAs,
		},
		ForceAttemptHTTP2: true,
		// Each probe measures a fresh connection, as a new visitor would,
		// and holds no socket after its round.
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return r
}

// ConfigError is a probe that cannot run as configured here, such as a
// header naming an unset environment variable. It is not a finding about
// the target, so it is reported and not recorded.
type ConfigError struct {
	Key string // component/probe
	Msg string
}

func (e *ConfigError) Error() string { return fmt.Sprintf("probe %s: %s", e.Key, e.Msg) }

// Run runs one probe within its timeout and ctx, and returns what it found.
// The error is a *ConfigError when the probe could not run at all.
func (r *Runner) Run(ctx context.Context, component string, p status.Probe) (status.Result, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = status.DefaultProbeTimeout
	}
	c := &check{r: r, p: p, timeout: timeout, start: r.opts.Now(), secrets: secret.New(r.opts.Getenv)}
	// The deadline is taken after the start, so that a probe cut at its
	// timeout always measured at least that: the target had all of it.
	ctx, cancel := context.WithDeadline(ctx, time.Now().Add(timeout))
	defer cancel()
	c.res = status.Result{Time: c.start.UTC(), Component: component, Probe: p.ID, Region: r.opts.Region}
	var err error
	switch p.Type {
	case status.ProbeHTTP:
		err = c.http(ctx)
	case status.ProbeTLS:
		c.tls(ctx)
	case status.ProbeDNS:
		c.dns(ctx)
	case status.ProbeTCP:
		c.tcp(ctx)
	default:
		err = fmt.Errorf("unknown probe type %q", p.Type)
	}
	if err != nil {
		return status.Result{}, &ConfigError{Key: p.Key(component), Msg: c.scrub(err.Error())}
	}
	if c.res.Latency == 0 {
		c.res.Latency = r.opts.Now().Sub(c.start)
	}
	// Scrubbed first (an escape could split a secret), then made printable:
	// a reason quotes what servers say, and goes to terminals and pages.
	c.res.Reason = safetext.Printable(c.scrub(c.res.Reason))
	return c.res, nil
}

// check is one run of one probe.
type check struct {
	r       *Runner
	p       status.Probe
	timeout time.Duration
	start   time.Time
	res     status.Result
	// secrets expands ${VAR} from the environment and keeps the values,
	// which no reason may contain.
	secrets *secret.Set
}

func (c *check) set(o status.Outcome, format string, args ...any) {
	c.res.Outcome = o
	c.res.Reason = fmt.Sprintf(format, args...)
}

func (c *check) elapsed() time.Duration { return c.r.opts.Now().Sub(c.start) }

// scrub removes secret values from text meant for history or logs, in case
// a server or library echoes a header back.
func (c *check) scrub(s string) string { return c.secrets.Scrub(s) }

func (c *check) expand(what, s string) (string, error) { return c.secrets.Expand(what, s) }

// timeoutReason words a timeout with the stage it cut short.
func (c *check) timeoutReason(stage string) string {
	if stage == "" {
		return "timeout after " + short(c.timeout)
	}
	return "timeout after " + short(c.timeout) + " " + stage
}

// short formats a duration the way people write it: 10s, 1.5s, 250ms, 2m0s→2m.
func short(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d >= time.Second:
		s := d.Round(100 * time.Millisecond).Seconds()
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", s), "0"), ".") + "s"
	default:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond)/time.Millisecond)
	}
}
