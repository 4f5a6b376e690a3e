package probe

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// refusedAddr returns a loopback address nothing listens on.
func refusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// serveConns handles each connection ln accepts with handle, then closes
// it, until the test ends; it returns ln's address.
func serveConns(t testing.TB, ln net.Listener, handle func(net.Conn)) string {
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

// run runs one probe and fails the test when it does not finish within
// its timeout plus slack: a hung target must never stall a probe.
func run(t *testing.T, r *Runner, p status.Probe) status.Result {
	t.Helper()
	if p.Timeout == 0 {
		p.Timeout = 2 * time.Second
	}
	if p.ID == "" {
		p.ID = "p"
	}
	start := time.Now()
	res, err := r.Run(context.Background(), "comp", p)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if el := time.Since(start); el > p.Timeout+time.Second {
		t.Fatalf("probe took %v, timeout was %v", el, p.Timeout)
	}
	t.Logf("%s %s in %v: %q", p.ID, res.Outcome, res.Latency, res.Reason)
	if res.Component != "comp" || res.Probe != p.ID || res.Time.IsZero() {
		t.Errorf("result not stamped: %+v", res)
	}
	return res
}

func want(t *testing.T, res status.Result, outcome status.Outcome, reason string) {
	t.Helper()
	if res.Outcome != outcome || !strings.Contains(res.Reason, reason) {
		t.Errorf("got %s %q, want %s containing %q", res.Outcome, res.Reason, outcome, reason)
	}
}
