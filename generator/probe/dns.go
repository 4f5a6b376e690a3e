package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/buoystatus/buoy/generator/status"
)

// dns asks a resolver for one record set and compares it with the
// expected values. It speaks DNS itself rather than through the system
// library so that NXDOMAIN, SERVFAIL and silence read as what they are.
func (c *check) dns(ctx context.Context) {
	p := c.p
	qtype, ok := dns.StringToType[strings.ToUpper(p.Record)]
	if !ok {
		c.set(status.OutcomeDown, "unknown record type %q", p.Record)
		return
	}
	servers := []string{p.Resolver}
	if p.Resolver == "" {
		var err error
		servers, err = c.r.opts.Nameservers()
		if err != nil || len(servers) == 0 {
			c.set(status.OutcomeDown, "no resolver configured on this machine")
			return
		}
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(p.Name), qtype)
	m.SetEdns0(1232, false)

	var resp *dns.Msg
	var err error
	var server string
	for i, s := range servers {
		server = s
		sctx, cancel := shareOf(ctx, len(servers)-i)
		resp, err = c.exchange(sctx, m, s)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	c.res.Latency = c.elapsed()
	if resp == nil {
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			c.set(status.OutcomeDown, "%s", c.timeoutReason("(no answer from "+server+")"))
			return
		}
		c.set(status.OutcomeDown, "%s (resolver %s)", c.errReason(err, "waiting for "+server), server)
		return
	}
	switch resp.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		c.set(status.OutcomeDown, "NXDOMAIN: %s does not exist", strings.TrimSuffix(p.Name, "."))
		return
	default:
		c.set(status.OutcomeDown, "%s from resolver %s", dns.RcodeToString[resp.Rcode], server)
		return
	}
	got := recordValues(resp.Answer, qtype)
	rec := strings.ToUpper(p.Record)
	if len(got) == 0 {
		c.set(status.OutcomeDown, "no %s record for %s", rec, strings.TrimSuffix(p.Name, "."))
		return
	}
	if missing := missingValues(got, p.Expect.Values, qtype); len(missing) > 0 {
		c.set(status.OutcomeDown, "%s %s, expected %s", rec, list(got), list(missing))
		return
	}
	c.set(status.OutcomeUp, "%s %s", rec, list(got))
}

// shareOf gives one of n remaining servers an equal share of the time
// left, so that a silent first resolver leaves time to ask the next.
func shareOf(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	d, ok := ctx.Deadline()
	if !ok || n <= 1 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Until(d)/time.Duration(n))
}

func (c *check) exchange(ctx context.Context, m *dns.Msg, server string) (*dns.Msg, error) {
	resp, err := c.exchangeOver(ctx, "udp", m, server)
	if err == nil && resp.Truncated {
		// The full answer needs TCP.
		return c.exchangeOver(ctx, "tcp", m, server)
	}
	return resp, err
}

func (c *check) exchangeOver(ctx context.Context, network string, m *dns.Msg, server string) (*dns.Msg, error) {
	conn, err := c.r.opts.Dialer.DialContext(ctx, network, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	timeout := c.timeout
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	if timeout <= 0 {
		return nil, context.DeadlineExceeded
	}
	// The dns library takes only ctx's deadline, as socket deadlines, and
	// does not watch for cancellation: a SIGTERM would wait out the whole
	// timeout. Cancelling pulls the socket's deadline in instead.
	unwatch := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer unwatch()
	client := &dns.Client{Net: network, Timeout: timeout}
	resp, _, err := client.ExchangeWithConnContext(ctx, m, &dns.Conn{Conn: conn})
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return resp, err
}

// recordValues lists the answers of the asked type in their canonical
// text: addresses as Go prints them, names lower case without the final
// dot, MX as "preference host", TXT with its strings joined.
func recordValues(answer []dns.RR, qtype uint16) []string {
	var out []string
	for _, rr := range answer {
		if rr.Header().Rrtype != qtype {
			continue
		}
		switch r := rr.(type) {
		case *dns.A:
			out = append(out, r.A.String())
		case *dns.AAAA:
			out = append(out, r.AAAA.String())
		case *dns.CNAME:
			out = append(out, hostName(r.Target))
		case *dns.NS:
			out = append(out, hostName(r.Ns))
		case *dns.MX:
			out = append(out, strconv.Itoa(int(r.Preference))+" "+hostName(r.Mx))
		case *dns.TXT:
			out = append(out, strings.Join(r.Txt, ""))
		}
	}
	return out
}

func hostName(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// missingValues returns the expected values that no answer matches.
func missingValues(got, want []string, qtype uint16) []string {
	var missing []string
	for _, w := range want {
		found := false
		for _, g := range got {
			if valueMatches(g, w, qtype) {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, w)
		}
	}
	return missing
}

func valueMatches(got, want string, qtype uint16) bool {
	switch qtype {
	case dns.TypeA, dns.TypeAAAA:
		g, err1 := netip.ParseAddr(got)
		w, err2 := netip.ParseAddr(strings.TrimSpace(want))
		return err1 == nil && err2 == nil && g == w
	case dns.TypeCNAME, dns.TypeNS:
		return got == hostName(strings.TrimSpace(want))
	case dns.TypeMX:
		// "mx.example.org" matches any preference; "10 mx.example.org" one.
		w := strings.Fields(want)
		if len(w) == 1 {
			_, host, _ := strings.Cut(got, " ")
			return host == hostName(w[0])
		}
		return len(w) == 2 && got == w[0]+" "+hostName(w[1])
	}
	return got == want
}

// list shows up to three values.
func list(v []string) string {
	shown := v
	if len(v) > 3 {
		shown = v[:3]
	}
	s := strings.Join(shown, ", ")
	if len(v) > 3 {
		s += fmt.Sprintf(" and %d more", len(v)-3)
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// systemNameservers reads the machine's resolvers from /etc/resolv.conf.
func systemNameservers() ([]string, error) {
	cfg, err := dns.ClientConfigFromFile("/etc/resolv.conf")
	if err != nil {
		return nil, err
	}
	out := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		out[i] = net.JoinHostPort(s, cfg.Port)
	}
	return out, nil
}
