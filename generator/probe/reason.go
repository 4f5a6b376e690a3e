package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// errTooManyRedirects stops a redirect loop.
var errTooManyRedirects = errors.New("too many redirects")

// errReason words a failure to reach or talk to a target in a few words a
// reader of the status page understands. stage says what was under way,
// for timeouts.
func (c *check) errReason(err error, stage string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		// The URL is in the config already; the inner error is the news.
		err = ue.Err
	}
	var dnsErr *net.DNSError
	var certInvalid x509.CertificateInvalidError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.Is(err, errTooManyRedirects):
		return fmt.Sprintf("more than %d redirects", c.r.opts.MaxRedirects)
	case errors.Is(err, errPlainRedirect):
		return errPlainRedirect.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return c.timeoutReason(stage)
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "no such host " + dnsErr.Name
		}
		if dnsErr.IsTimeout {
			return c.timeoutReason("resolving " + dnsErr.Name)
		}
		return "cannot resolve " + dnsErr.Name
	case errors.As(err, &certInvalid):
		switch certInvalid.Reason {
		case x509.Expired:
			return "certificate expired or not yet valid"
		case x509.NotAuthorizedToSign, x509.CANotAuthorizedForThisName:
			return "certificate chain not authorized"
		}
		return "invalid certificate"
	case errors.As(err, &unknownAuth):
		return "certificate signed by unknown authority"
	case errors.As(err, &hostErr):
		return "certificate not valid for " + hostErr.Host
	case errors.As(err, &recordErr):
		return "not a TLS server"
	case errors.As(err, &alert):
		return "TLS handshake failed: " + alert.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "host unreachable"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed " + closedWhen(stage)
	}
	// Scrubbed before it is shortened, for the same reason as JSON values.
	msg := c.scrub(err.Error())
	if strings.Contains(msg, "readLoopPeekFailLocked") {
		// Go's wording when a server talks before it is asked.
		return "unexpected data from server before the request"
	}
	// Go's messages can run long; keep the end, where the cause is.
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg) > 80 {
		msg = msg[i+2:]
	}
	return msg
}

func closedWhen(stage string) string {
	if stage == "" {
		return "early"
	}
	return stage
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
