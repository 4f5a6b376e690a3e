package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/buoystatus/buoy/generator/secret"
	"github.com/buoystatus/buoy/generator/status"
)

// smtpServer is where an email target's mail goes.
type smtpServer struct {
	addr, host string
	// implicit is TLS from the first byte (smtps); otherwise STARTTLS,
	// which is required: mail is never sent, nor a password, in the clear.
	implicit bool
}

func parseServer(s string) (smtpServer, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		// The URL may hold a secret: say what is wrong, not what it is.
		return smtpServer{}, errors.New("server is not smtp://host:port or smtps://host:port once expanded")
	}
	srv := smtpServer{host: u.Hostname(), implicit: u.Scheme == "smtps"}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[srv.implicit]
	}
	srv.addr = net.JoinHostPort(srv.host, port)
	return srv, nil
}

// emailSend expands an email target and builds its message, returning
// one attempt at sending it.
func (s *Sender) emailSend(p Post, secrets *secret.Set) (func(context.Context) error, error) {
	t := p.Target
	expand := func(what, v string) (string, error) {
		out, err := secrets.Expand(what, v)
		if err == nil && strings.ContainsFunc(out, isControl) {
			// A header must stay one line, whatever the environment holds.
			err = fmt.Errorf("%s holds a line break or control character once expanded", what)
		}
		return out, err
	}
	server, err := expand("server", t.URL)
	if err != nil {
		return nil, err
	}
	srv, err := parseServer(server)
	if err != nil {
		return nil, err
	}
	var auth sasl.Client
	if t.Username != "" || t.Password != "" {
		user, err := expand("username", t.Username)
		if err != nil {
			return nil, err
		}
		pass, err := expand("password", t.Password)
		if err != nil {
			return nil, err
		}
		auth = sasl.NewPlainClient("", user, pass)
	}
	fromText, err := expand("from", t.From)
	if err != nil {
		return nil, err
	}
	from, err := mail.ParseAddress(fromText)
	if err != nil {
		return nil, errors.New("from is not an email address once expanded")
	}
	var to []*mail.Address
	for _, v := range t.To {
		text, err := expand("to", v)
		if err != nil {
			return nil, err
		}
		list, err := mail.ParseAddressList(text)
		if err != nil {
			return nil, errors.New("to is not a list of email addresses once expanded")
		}
		to = append(to, list...)
	}
	if len(to) == 0 {
		return nil, errors.New("to lists no address")
	}
	var unsubscribe []string
	for _, v := range t.ListUnsubscribe {
		u, err := expand("list_unsubscribe", v)
		if err != nil {
			return nil, err
		}
		unsubscribe = append(unsubscribe, u)
	}
	msg, err := emailMessage(p, from, to, unsubscribe, s.opts.Now())
	if err != nil {
		return nil, err
	}
	rcpts := make([]string, len(to))
	for i, a := range to {
		rcpts[i] = a.Address
	}
	return func(ctx context.Context) error {
		return s.smtpSend(ctx, t, srv, auth, from.Address, rcpts, msg, secrets)
	}, nil
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

// smtpSend makes one attempt at handing msg to the server.
func (s *Sender) smtpSend(ctx context.Context, t status.NotifyTarget, srv smtpServer, auth sasl.Client, from string, to []string, msg []byte, secrets *secret.Set) error {
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = status.DefaultNotifyTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := s.opts.Dial(actx, "tcp", srv.addr)
	if err != nil {
		return transportError(actx, ctx, err, timeout)
	}
	defer conn.Close()
	// The SMTP client sets its own deadlines on each command: closing the
	// connection is what holds it to the attempt's.
	stop := context.AfterFunc(actx, func() { conn.Close() })
	defer stop()
	fail := func(stage string, err error) error {
		if actx.Err() != nil {
			return transportError(actx, ctx, actx.Err(), timeout)
		}
		return smtpError(stage, err, secrets)
	}
	cfg := s.opts.TLSConfig.Clone()
	if cfg == nil {
		cfg = &tls.Config{}
	}
	cfg.ServerName = srv.host
	cfg.MinVersion = max(cfg.MinVersion, tls.VersionTLS12)
	var c *smtp.Client
	if srv.implicit {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(actx); err != nil {
			return fail("TLS", err)
		}
		c = smtp.NewClient(tc)
	} else {
		c, err = smtp.NewClientStartTLS(conn, cfg)
		if err != nil {
			return fail("STARTTLS", err)
		}
		// The handshake happens at the first command after STARTTLS: a
		// certificate the client refuses is reported as such.
		if err := c.Hello("localhost"); err != nil {
			c.Close()
			return fail("STARTTLS", err)
		}
	}
	defer c.Close()
	c.CommandTimeout, c.SubmissionTimeout = timeout, timeout
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return fail("login", err)
		}
	}
	if err := c.Mail(from, nil); err != nil {
		return fail("MAIL FROM", err)
	}
	for _, r := range to {
		if err := c.Rcpt(r, nil); err != nil {
			return fail("RCPT TO", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fail("DATA", err)
	}
	if err := w.Close(); err != nil {
		return fail("DATA", err)
	}
	// The server has taken the mail: a failed QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// smtpError words a failed step. A 4xx reply is temporary and tried
// again, a 5xx one is not; neither is a certificate the client cannot
// trust or a server that offers no STARTTLS. The server's text is
// scrubbed before it is shortened, as a target's answer is.
func smtpError(stage string, err error, secrets *secret.Set) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		msg := secrets.Excerpt([]byte(strings.Join(strings.Fields(se.Message), " ")), false, answerShown)
		e := fmt.Errorf("%s: SMTP %d %s", stage, se.Code, msg)
		if se.Code >= 500 {
			return permanent{e}
		}
		return e
	}
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	if errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return permanent{fmt.Errorf("%s: the server's certificate is not trusted: %v", stage, err)}
	}
	if strings.Contains(err.Error(), "STARTTLS") {
		return permanent{fmt.Errorf("%s: the server does not offer STARTTLS, and mail is not sent in the clear (use smtps:// for TLS from the start)", stage)}
	}
	return fmt.Errorf("%s: %w", stage, err)
}
