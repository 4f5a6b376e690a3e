package probe

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

// testCA issues certificates for the TLS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newCA(t testing.TB) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "buoy test CA"},
		NotBefore:             time.Now().Add(-365 * day),
		NotAfter:              time.Now().Add(365 * day),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// issue makes a leaf for hosts valid from notBefore to notAfter, signed by
// the CA, or by itself when selfSigned.
func (ca *testCA) issue(t testing.TB, hosts []string, notBefore, notAfter time.Time, selfSigned bool) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	parent, signer := ca.cert, ca.key
	if selfSigned {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsServer serves cert on loopback and completes handshakes.
func tlsServer(t testing.TB, cert tls.Certificate) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	return serveConns(t, ln, func(c net.Conn) {
		c.(*tls.Conn).Handshake()
		c.Read(make([]byte, 1))
	})
}

func TestTLS(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	hosts := []string{"status.test", "127.0.0.1"}
	tests := []struct {
		name     string
		cert     tls.Certificate
		server   string
		outcome  status.Outcome
		reason   string
		daysLeft int
	}{
		{"valid", ca.issue(t, hosts, now.Add(-day), now.Add(90*day+time.Hour), false), "status.test", status.OutcomeUp, "certificate valid for 90 days", 90},
		{"valid by IP", ca.issue(t, hosts, now.Add(-day), now.Add(90*day+time.Hour), false), "", status.OutcomeUp, "certificate valid for 90 days", 90},
		{"expiring soon", ca.issue(t, hosts, now.Add(-80*day), now.Add(5*day+time.Hour), false), "status.test", status.OutcomeDegraded, "certificate expires in 5 days", 5},
		{"expired", ca.issue(t, hosts, now.Add(-90*day), now.Add(-3*day+time.Hour), false), "status.test", status.OutcomeDown, "certificate expired 2 days ago", -2},
		{"not yet valid", ca.issue(t, hosts, now.Add(2*day), now.Add(90*day), false), "status.test", status.OutcomeDown, "certificate not valid until", 89},
		{"self-signed", ca.issue(t, hosts, now.Add(-day), now.Add(90*day+time.Hour), true), "status.test", status.OutcomeDown, "certificate is self-signed", 90},
		{"wrong host", ca.issue(t, []string{"other.test"}, now.Add(-day), now.Add(90*day+time.Hour), false), "status.test", status.OutcomeDown, "certificate is for other.test, not status.test", 90},
	}
	r := New(Options{RootCAs: ca.pool})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := tlsServer(t, tt.cert)
			p := status.Probe{ID: "cert", Type: status.ProbeTLS, Address: addr, ServerName: tt.server, Expect: status.Expect{MinDaysLeft: 14}}
			res := run(t, r, p)
			want(t, res, tt.outcome, tt.reason)
			if res.DaysLeft == nil || *res.DaysLeft != tt.daysLeft {
				t.Errorf("days left %v, want %d", res.DaysLeft, tt.daysLeft)
			}
		})
	}

	t.Run("untrusted root", func(t *testing.T) {
		other := newCA(t)
		addr := tlsServer(t, other.issue(t, hosts, now.Add(-day), now.Add(90*day), false))
		res := run(t, r, status.Probe{Type: status.ProbeTLS, Address: addr, ServerName: "status.test"})
		want(t, res, status.OutcomeDown, "certificate signed by unknown authority")
	})
	t.Run("hangs in handshake", func(t *testing.T) {
		res := run(t, r, status.Probe{Type: status.ProbeTLS, Address: probetest.SilentTCP(t), Timeout: 300 * time.Millisecond})
		want(t, res, status.OutcomeDown, "timeout after 300ms during TLS handshake")
	})
	t.Run("not TLS", func(t *testing.T) {
		addr := rawServer(t, func(c net.Conn) { c.Write([]byte("SSH-2.0-OpenSSH_9.2\r\n")) })
		res := run(t, r, status.Probe{Type: status.ProbeTLS, Address: addr})
		want(t, res, status.OutcomeDown, "not a TLS server")
	})
	t.Run("refused", func(t *testing.T) {
		res := run(t, r, status.Probe{Type: status.ProbeTLS, Address: refusedAddr(t)})
		want(t, res, status.OutcomeDown, "connection refused")
	})
}

// TestHTTPSCertificate checks that an http probe of an https URL fails
// on a bad certificate, so that "port 443 open" is not mistaken for up.
func TestHTTPSCertificate(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	serve := func(cert tls.Certificate) string {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	r := New(Options{RootCAs: ca.pool})
	good := serve(ca.issue(t, []string{"127.0.0.1"}, now.Add(-day), now.Add(30*day), false))
	want(t, run(t, r, httpProbe(good, status.Expect{})), status.OutcomeUp, "HTTP 200")
	expired := serve(ca.issue(t, []string{"127.0.0.1"}, now.Add(-30*day), now.Add(-day), false))
	want(t, run(t, r, httpProbe(expired, status.Expect{})), status.OutcomeDown, "certificate expired")
	wrong := serve(ca.issue(t, []string{"other.test"}, now.Add(-day), now.Add(30*day), false))
	want(t, run(t, r, httpProbe(wrong, status.Expect{})), status.OutcomeDown, "certificate not valid for 127.0.0.1")
	self := serve(ca.issue(t, []string{"127.0.0.1"}, now.Add(-day), now.Add(30*day), true))
	want(t, run(t, r, httpProbe(self, status.Expect{})), status.OutcomeDown, "certificate signed by unknown authority")
}

// TestTLSCertificateNamesPrintable: a certificate may name hosts with any
// ASCII, escape sequences included. The reason quotes those names, and
// reaches stderr, history and the component page, so they come as escapes.
func TestTLSCertificateNamesPrintable(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	cert := ca.issue(t, []string{"\x1b[2Jevil.test"}, now.Add(-day), now.Add(90*day), false)
	p := status.Probe{ID: "cert", Type: status.ProbeTLS, Address: tlsServer(t, cert), ServerName: "status.test"}
	res := run(t, New(Options{RootCAs: ca.pool}), p)
	want(t, res, status.OutcomeDown, `certificate is for \x1b[2Jevil.test, not status.test`)
	if strings.ContainsRune(res.Reason, 0x1b) {
		t.Errorf("the reason holds a raw escape: %q", res.Reason)
	}
}
