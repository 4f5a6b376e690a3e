package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

func httpProbe(url string, e status.Expect) status.Probe {
	return status.Probe{ID: "web", Type: status.ProbeHTTP, URL: url, Method: "GET", Timeout: 2 * time.Second, Expect: e}
}

func TestHTTPOutcomes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"ok","version":"v 12","db":{"up":true,"lag":3},"nodes":[{"name":"a"}]}`)
	})
	mux.HandleFunc("/502", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) })
	mux.HandleFunc("/204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<h1>Maintenance</h1>") })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/method", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			w.WriteHeader(405)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r := New(Options{})

	tests := []struct {
		name    string
		probe   status.Probe
		outcome status.Outcome
		reason  string
	}{
		{"2xx by default", httpProbe(srv.URL+"/ok", status.Expect{}), status.OutcomeUp, "HTTP 200"},
		{"5xx", httpProbe(srv.URL+"/502", status.Expect{}), status.OutcomeDown, "HTTP 502"},
		{"status list", httpProbe(srv.URL+"/204", status.Expect{Status: []int{200}}), status.OutcomeDown, "HTTP 204, expected 200"},
		{"status list match", httpProbe(srv.URL+"/502", status.Expect{Status: []int{200, 502}}), status.OutcomeUp, "HTTP 502"},
		{"body contains", httpProbe(srv.URL+"/ok", status.Expect{BodyContains: `"status":"ok"`}), status.OutcomeUp, "HTTP 200"},
		{"200 but broken app", httpProbe(srv.URL+"/html", status.Expect{BodyContains: `"status":"ok"`}), status.OutcomeDown, "HTTP 200, body lacks `\"status\":\"ok\"`"},
		{"body matches", httpProbe(srv.URL+"/ok", status.Expect{BodyMatches: `v \d+`}), status.OutcomeUp, "HTTP 200"},
		{"body does not match", httpProbe(srv.URL+"/html", status.Expect{BodyMatches: `v \d+`}), status.OutcomeDown, "body does not match `v \\d+`"},
		{"json equal", httpProbe(srv.URL+"/ok", status.Expect{JSON: []status.JSONCheck{
			{Path: "status", Want: "ok"}, {Path: "db.up", Want: true}, {Path: "db.lag", Want: float64(3)}, {Path: "nodes.0.name", Want: "a"},
		}}), status.OutcomeUp, "HTTP 200"},
		{"json differs", httpProbe(srv.URL+"/ok", status.Expect{JSON: []status.JSONCheck{{Path: "db.up", Want: false}}}), status.OutcomeDown, "JSON db.up is true, expected false"},
		{"json missing", httpProbe(srv.URL+"/ok", status.Expect{JSON: []status.JSONCheck{{Path: "db.name", Want: "x"}}}), status.OutcomeDown, "JSON db.name missing"},
		{"not json", httpProbe(srv.URL+"/html", status.Expect{JSON: []status.JSONCheck{{Path: "status", Want: "ok"}}}), status.OutcomeDown, "body is not JSON"},
		{"slow is degraded", httpProbe(srv.URL+"/slow", status.Expect{MaxLatency: 50 * time.Millisecond}), status.OutcomeDegraded, "slower than 50ms"},
		{"fast enough", httpProbe(srv.URL+"/ok", status.Expect{MaxLatency: time.Second}), status.OutcomeUp, "HTTP 200"},
		{"method", status.Probe{ID: "m", Type: status.ProbeHTTP, URL: srv.URL + "/method", Method: "HEAD"}, status.OutcomeUp, "HTTP 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, r, tt.probe)
			want(t, res, tt.outcome, tt.reason)
			if res.Latency <= 0 {
				t.Errorf("latency %v", res.Latency)
			}
		})
	}
}

func TestHTTPHeadersFromEnvironmentStaySecret(t *testing.T) {
	const secret = "s3cr3t-t0ken-value"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+secret {
			w.WriteHeader(401)
			return
		}
		// A server echoing the credential must not get it into history.
		w.Header().Set("Location", "/?token="+secret)
		w.WriteHeader(503)
		fmt.Fprint(w, secret)
	}))
	defer srv.Close()
	env := map[string]string{"STATUS_TOKEN": secret}
	r := New(Options{Getenv: func(k string) string { return env[k] }})
	p := httpProbe(srv.URL, status.Expect{BodyContains: "never"})
	p.Headers = map[string]string{"Authorization": "Bearer ${STATUS_TOKEN}"}
	res := run(t, r, p)
	want(t, res, status.OutcomeDown, "HTTP 503")
	if strings.Contains(fmt.Sprintf("%+v", res), secret) {
		t.Errorf("secret in result: %+v", res)
	}

	// An error that quotes the secret is scrubbed too.
	leaky := New(Options{Getenv: func(k string) string { return env[k] }, Dialer: dialFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, errors.New("proxy refused credentials Bearer " + secret)
	})})
	res = run(t, leaky, p)
	if res.Outcome != status.OutcomeDown || strings.Contains(res.Reason, secret) || !strings.Contains(res.Reason, "[redacted]") {
		t.Errorf("reason not scrubbed: %q", res.Reason)
	}

	// Long errors are shortened to their end; a secret that holds ": "
	// must be scrubbed before that cut, or its tail survives it.
	const colon = "admin: hunter2-correct-horse-battery"
	leaky = New(Options{Getenv: func(string) string { return colon }, Dialer: dialFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, errors.New("upstream proxy at the edge of the network refused the credentials " + colon)
	})})
	p.Headers = map[string]string{"X-Credentials": "${CRED}"}
	res = run(t, leaky, p)
	if strings.Contains(res.Reason, "hunter2") {
		t.Errorf("reason keeps part of the secret: %q", res.Reason)
	}

	// An unset variable is a configuration problem, not an outage.
	var hits atomic.Int32
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer counting.Close()
	p.URL = counting.URL
	p.Headers = map[string]string{"Authorization": "Bearer ${MISSING_TOKEN}"}
	_, err := r.Run(context.Background(), "comp", p)
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "MISSING_TOKEN is not set") {
		t.Errorf("want ConfigError naming MISSING_TOKEN, got %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("request sent with an unexpanded secret")
	}
}

type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

func (f dialFunc) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return f(ctx, network, addr)
}

// TestHTTPFaults drives each way a target can misbehave and checks that
// the probe names it and returns within its timeout.
func TestHTTPFaults(t *testing.T) {
	r := New(Options{})
	timeout := 400 * time.Millisecond
	probe := func(url string) status.Probe {
		p := httpProbe(url, status.Expect{})
		p.Timeout = timeout
		return p
	}

	t.Run("accepts and never answers", func(t *testing.T) {
		res := run(t, r, probe("http://"+probetest.SilentTCP(t)+"/"))
		want(t, res, status.OutcomeDown, "timeout after 400ms waiting for response")
	})
	t.Run("refused", func(t *testing.T) {
		res := run(t, r, probe("http://"+refusedAddr(t)+"/"))
		want(t, res, status.OutcomeDown, "connection refused")
	})
	t.Run("dribbles headers", func(t *testing.T) {
		addr := rawServer(t, func(c net.Conn) {
			c.Read(make([]byte, 4096)) // the request
			for _, b := range []byte("HTTP/1.1 200 OK\r\nX-Slow: yes") {
				c.Write([]byte{b})
				time.Sleep(50 * time.Millisecond)
			}
		})
		res := run(t, r, probe("http://"+addr+"/"))
		want(t, res, status.OutcomeDown, "timeout after 400ms")
	})
	t.Run("dribbles body", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
			for i := 0; i < 100; i++ {
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				time.Sleep(50 * time.Millisecond)
			}
		}))
		defer srv.Close()
		res := run(t, r, probe(srv.URL))
		want(t, res, status.OutcomeDown, "HTTP 200, then timeout after 400ms reading body")
	})
	t.Run("resets", func(t *testing.T) {
		addr := rawServer(t, func(c net.Conn) {
			buf := make([]byte, 1024)
			c.Read(buf)
			c.(*net.TCPConn).SetLinger(0)
		})
		// A reset is not an orderly close: the reason must tell them apart.
		want(t, run(t, r, probe("http://"+addr+"/")), status.OutcomeDown, "connection reset")
	})
	t.Run("closes without answer", func(t *testing.T) {
		addr := rawServer(t, func(c net.Conn) {
			buf := make([]byte, 1024)
			c.Read(buf)
		})
		res := run(t, r, probe("http://"+addr+"/"))
		want(t, res, status.OutcomeDown, "connection closed")
	})
	t.Run("redirects forever", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, fmt.Sprintf("/loop/%d", n.Add(1)), http.StatusFound)
		}))
		defer srv.Close()
		res := run(t, r, probe(srv.URL))
		want(t, res, status.OutcomeDown, "more than 10 redirects")
		if n.Load() > 11 {
			t.Errorf("followed %d redirects", n.Load())
		}
	})
	t.Run("sends 100 MB", func(t *testing.T) {
		var sent atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			chunk := []byte(strings.Repeat("a", 64<<10))
			for i := 0; i < 1600; i++ {
				n, err := w.Write(chunk)
				sent.Add(int64(n))
				if err != nil {
					return
				}
			}
			w.Write([]byte("needle"))
		}))
		defer srv.Close()
		res := run(t, r, probe(srv.URL))
		want(t, res, status.OutcomeUp, "HTTP 200")
		p := probe(srv.URL)
		p.Expect.BodyContains = "needle"
		res = run(t, r, p)
		want(t, res, status.OutcomeDown, "body lacks `needle`")
		p.Expect = status.Expect{JSON: []status.JSONCheck{{Path: "a", Want: "b"}}}
		res = run(t, r, p)
		want(t, res, status.OutcomeDown, "JSON body larger than 1 MiB, not checked")
		srv.Close()
		// Socket buffers hold a few MB at most; the rest was never sent.
		if s := sent.Load(); s > 30<<20 {
			t.Errorf("server sent %d MB over three probes: body was not capped", s>>20)
		}
	})
}

// rawServer serves each connection with handle, for faults no well-behaved
// HTTP server produces.
func rawServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveConns(t, ln, handle)
}

// TestHTTPEchoedSecretNeverPartly checks that a secret a server echoes
// into a JSON value does not reach the reason even in part: reasons cut
// long values short, and a cut secret no longer matches the secret.
func TestHTTPEchoedSecretNeverPartly(t *testing.T) {
	secret := "tok-" + strings.Repeat("0123456789abcdef", 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"whoami":"prefix %s suffix","auth":%q}`, r.Header.Get("X-Token"), r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	r := New(Options{Getenv: func(k string) string { return map[string]string{"TOKEN": secret}[k] }})
	for _, path := range []string{"whoami", "auth"} {
		p := httpProbe(srv.URL, status.Expect{JSON: []status.JSONCheck{{Path: path, Want: "someone else"}}})
		p.Headers = map[string]string{"X-Token": "${TOKEN}", "Authorization": "Bearer ${TOKEN}"}
		res := run(t, r, p)
		want(t, res, status.OutcomeDown, "JSON "+path+" is ")
		if strings.Contains(res.Reason, secret[:12]) || !strings.Contains(res.Reason, "[redacted]") {
			t.Errorf("reason shows the secret or a piece of it: %q", res.Reason)
		}
	}
}
