// Package notifytest holds what tests of notify and of its callers share:
// a real SMTP server on loopback with a test certificate, and a reader of
// the mails it took.
package notifytest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Cert is a certificate for 127.0.0.1 and the pool that trusts it.
func Cert(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "buoy test SMTP"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Mail is one message an SMTP server took.
type Mail struct {
	From string
	To   []string
	User string
	TLS  bool
	Data []byte
}

// SMTP is a real go-smtp server on 127.0.0.1 that takes mail from one
// account, over TLS only, and keeps what it receives.
type SMTP struct {
	// Addr is host:port; Pool trusts the server's certificate.
	Addr string
	Pool *x509.CertPool
	mu   sync.Mutex
	got  []Mail
	rcpt func(n int) error
	n    int
}

// Options shape an SMTP server.
type Options struct {
	Implicit bool // TLS from the first byte; else STARTTLS
	NoTLS    bool // offers no STARTTLS at all
	// User and Password, when set, are the one account that may send.
	User, Password string
}

// NewSMTP starts a server, closed when the test ends.
func NewSMTP(t testing.TB, o Options) *SMTP {
	cert, pool := Cert(t)
	s := &SMTP{Pool: pool}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, conn: c, user: o.User, password: o.Password}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if !o.NoTLS {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.Implicit {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Mails are the messages taken so far, in order.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.got...)
}

// AnswerRcpt makes f answer each RCPT TO from now on (n counts them from
// 1); nil takes every recipient.
func (s *SMTP) AnswerRcpt(f func(n int) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rcpt = f
}

type session struct {
	srv            *SMTP
	conn           *smtp.Conn
	user, password string
	msg            Mail
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.user || password != s.password {
			// Servers do quote what they were sent.
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: fmt.Sprintf("Authentication failed for %s with %s", user, password)}
		}
		s.msg.User = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.user != "" && s.msg.User == "" {
		return smtp.ErrAuthRequired
	}
	s.msg.From = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	s.srv.n++
	n, rcpt := s.srv.n, s.srv.rcpt
	s.srv.mu.Unlock()
	if rcpt != nil {
		if err := rcpt(n); err != nil {
			return err
		}
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	s.msg.Data = b.Bytes()
	_, s.msg.TLS = s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, s.msg)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset() {
	s.msg = Mail{User: s.msg.User}
}

func (s *session) Logout() error { return nil }
