package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

const day = 24 * time.Hour

// tls checks a certificate: it must be valid now, for the host, from a
// trusted root, and (optionally) not close to expiry. It verifies by hand
// after the handshake so that it can say which of these failed and record
// the days left even of a certificate it rejects.
func (c *check) tls(ctx context.Context) {
	p := c.p
	host, _, err := net.SplitHostPort(p.Address)
	if err != nil {
		c.set(status.OutcomeDown, "bad address %q", p.Address)
		return
	}
	name := p.ServerName
	if name == "" {
		name = host
	}
	conn, err := c.r.opts.Dialer.DialContext(ctx, "tcp", p.Address)
	if err != nil {
		c.set(status.OutcomeDown, "%s", c.errReason(err, stageConnect))
		return
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	sni := name
	if net.ParseIP(name) != nil {
		sni = "" // SNI carries host names only
	}
	tc := tls.Client(conn, &tls.Config{ServerName: sni, InsecureSkipVerify: true})
	if err := tc.HandshakeContext(ctx); err != nil {
		c.res.Latency = c.elapsed()
		c.set(status.OutcomeDown, "%s", c.errReason(err, stageTLS))
		return
	}
	c.res.Latency = c.elapsed()
	certs := tc.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		c.set(status.OutcomeDown, "no certificate presented")
		return
	}
	c.judge(certs, name)
}

func (c *check) judge(certs []*x509.Certificate, name string) {
	leaf := certs[0]
	now := c.r.opts.Now()
	left := daysLeft(leaf.NotAfter, now)
	c.res.DaysLeft = &left
	switch {
	case now.After(leaf.NotAfter):
		c.set(status.OutcomeDown, "certificate expired %s ago (%s)", ago(now.Sub(leaf.NotAfter)), leaf.NotAfter.UTC().Format("2006-01-02"))
		return
	case now.Before(leaf.NotBefore):
		c.set(status.OutcomeDown, "certificate not valid until %s", leaf.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
		return
	}
	if err := leaf.VerifyHostname(name); err != nil {
		c.set(status.OutcomeDown, "certificate is for %s, not %s", certNames(leaf), name)
		return
	}
	inter := x509.NewCertPool()
	for _, ic := range certs[1:] {
		inter.AddCert(ic)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: c.r.opts.RootCAs, Intermediates: inter, CurrentTime: now})
	if err != nil {
		var ua x509.UnknownAuthorityError
		var inv x509.CertificateInvalidError
		switch {
		case errors.As(err, &ua) && leaf.Issuer.String() == leaf.Subject.String():
			c.set(status.OutcomeDown, "certificate is self-signed")
		case errors.As(err, &ua):
			c.set(status.OutcomeDown, "certificate signed by unknown authority")
		case errors.As(err, &inv) && inv.Reason == x509.Expired:
			c.set(status.OutcomeDown, "certificate chain expired or not yet valid")
		default:
			c.set(status.OutcomeDown, "untrusted certificate: %s", err.Error())
		}
		return
	}
	if min := c.p.Expect.MinDaysLeft; min > 0 && left < min {
		c.set(status.OutcomeDegraded, "certificate expires in %s", days(left))
		return
	}
	c.set(status.OutcomeUp, "certificate valid for %s", days(left))
}

// daysLeft counts whole days until t, truncated toward zero; negative
// once past.
func daysLeft(t, now time.Time) int { return int(t.Sub(now) / day) }

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

func ago(d time.Duration) string {
	if d < day {
		return "less than a day"
	}
	return days(int(d / day))
}

func certNames(cert *x509.Certificate) string {
	names := append([]string(nil), cert.DNSNames...)
	for _, ip := range cert.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && cert.Subject.CommonName != "" {
		names = append(names, cert.Subject.CommonName)
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	if len(names) == 0 {
		return "no host name"
	}
	return strings.Join(names, ", ")
}
