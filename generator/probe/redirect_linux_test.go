//go:build linux

package probe

import (
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

// labHost is one host of the redirect lab: it records the headers of every
// request it gets, and redirects when asked to by ?to=.
type labHost struct {
	*httptest.Server
	mu  sync.Mutex
	got []http.Header
}

func (h *labHost) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.got = append(h.got, r.Header.Clone())
	h.mu.Unlock()
	if to := r.URL.Query().Get("to"); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
	}
}

func (h *labHost) headers() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]http.Header(nil), h.got...)
}

// newLabHost listens on ip (Linux routes all of 127/8 to loopback).
func newLabHost(t *testing.T, ip string, tls bool) *labHost {
	t.Helper()
	h := &labHost{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(h.serve))
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener.Close()
	srv.Listener = ln
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	h.Server = srv
	t.Cleanup(srv.Close)
	return h
}

const labToken = "lab-s3cret-token-42"

// labProbe sends two headers from the environment, the credential headers
// as literals, and one plain header.
func labProbe(url string) status.Probe {
	return status.Probe{ID: "lab", Type: status.ProbeHTTP, URL: url, Headers: map[string]string{
		"X-Api-Key":           "${TOKEN}",
		"X-Tenant":            "acme-${TOKEN}",
		"Authorization":       "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
		"Cookie":              "session=literal",
		"Proxy-Authorization": "Basic cHJveHk6cHJveHk=",
		"X-Plain":             "hello",
	}}
}

var secretLabHeaders = []string{"X-Api-Key", "X-Tenant", "Authorization", "Cookie", "Proxy-Authorization"}

func TestRedirectLab(t *testing.T) {
	a := newLabHost(t, "127.0.0.1", false)
	a2 := newLabHost(t, "127.0.0.1", false) // same host, another port
	b := newLabHost(t, "127.0.0.2", false)
	r := New(Options{Getenv: func(k string) string { return map[string]string{"TOKEN": labToken}[k] }})

	// The origin itself gets everything, also after a redirect to itself.
	res := run(t, r, labProbe(a.URL+"/?to=/final"))
	want(t, res, status.OutcomeUp, "HTTP 200")
	for i, h := range a.headers() {
		if h.Get("X-Api-Key") != labToken || h.Get("X-Tenant") != "acme-"+labToken || h.Get("Authorization") == "" || h.Get("Cookie") == "" || h.Get("X-Plain") != "hello" {
			t.Errorf("origin request %d lacks the configured headers: %v", i, h)
		}
	}
	if n := len(a.headers()); n != 2 {
		t.Fatalf("origin got %d requests, want 2", n)
	}

	// Another host, or another port, gets none of the secret or
	// credential headers; the plain one still goes.
	for name, target := range map[string]*labHost{"another host": b, "another port": a2} {
		res := run(t, r, labProbe(a.URL+"/?to="+target.URL+"/landing"))
		want(t, res, status.OutcomeUp, "HTTP 200")
		got := target.headers()
		if len(got) != 1 {
			t.Fatalf("%s: %d requests", name, len(got))
		}
		for _, k := range secretLabHeaders {
			if v := got[0].Get(k); v != "" {
				t.Errorf("%s received %s: %q", name, k, v)
			}
		}
		if got[0].Get("X-Plain") != "hello" {
			t.Errorf("%s lost the plain header: %v", name, got[0])
		}
	}

	// Away and back: the other host still gets nothing, whatever the
	// origin gets on return.
	before := len(b.headers())
	run(t, r, labProbe(a.URL+"/?to="+b.URL+"/?to="+a.URL+"/home"))
	for _, h := range b.headers()[before:] {
		for _, k := range secretLabHeaders {
			if strings.Contains(h.Get(k), labToken) || h.Get(k) != "" {
				t.Errorf("bounced request gave the other host %s", k)
			}
		}
	}
}

// An https target redirecting to http is a finding, and the http host is
// never asked.
func TestRedirectToPlainHTTP(t *testing.T) {
	plain := newLabHost(t, "127.0.0.2", false)
	secure := newLabHost(t, "127.0.0.1", true)
	roots := x509.NewCertPool()
	roots.AddCert(secure.Certificate())
	r := New(Options{RootCAs: roots, Getenv: func(string) string { return labToken }})
	for _, to := range []string{plain.URL + "/", "http://" + strings.TrimPrefix(secure.URL, "https://") + "/same-host"} {
		res := run(t, r, labProbe(secure.URL+"/?to="+to))
		want(t, res, status.OutcomeDown, "redirect to plain http")
	}
	if n := len(plain.headers()); n != 0 {
		t.Errorf("the plain http host got %d requests", n)
	}
	if n := len(secure.headers()); n != 2 {
		t.Errorf("the https host got %d requests, want 2", n)
	}
}
