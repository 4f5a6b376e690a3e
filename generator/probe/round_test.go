package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

func TestTCP(t *testing.T) {
	r := New(Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	want(t, run(t, r, status.Probe{Type: status.ProbeTCP, Address: ln.Addr().String()}), status.OutcomeUp, "connected in")
	want(t, run(t, r, status.Probe{Type: status.ProbeTCP, Address: refusedAddr(t)}), status.OutcomeDown, "connection refused")

	// A SYN that is never answered: the injected dialer stands in for a
	// firewall that drops packets, which loopback cannot do.
	blackhole := New(Options{Dialer: dialFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})})
	want(t, run(t, blackhole, status.Probe{Type: status.ProbeTCP, Address: "192.0.2.1:22", Timeout: 200 * time.Millisecond}),
		status.OutcomeDown, "timeout after 200ms")
}

func TestRound(t *testing.T) {
	var active, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		defer active.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		if r.URL.Path == "/bad" {
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	hang := probetest.SilentTCP(t)

	var jobs []Job
	for i := range 40 {
		p := status.Probe{ID: fmt.Sprintf("p%d", i), Type: status.ProbeHTTP, URL: srv.URL + "/ok", Timeout: 500 * time.Millisecond}
		switch i % 10 {
		case 3:
			p.URL = srv.URL + "/bad"
		case 7:
			p.URL = "http://" + hang + "/"
		}
		jobs = append(jobs, Job{Component: "c", Probe: p})
	}
	r := New(Options{Region: "eu-west"})
	start := time.Now()
	rep := r.Round(context.Background(), jobs, 8)
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("round took %v", el)
	}
	if len(rep.Problems) > 0 || len(rep.Results) != len(jobs) {
		t.Fatalf("%d results, problems %v", len(rep.Results), rep.Problems)
	}
	for i, res := range rep.Results {
		want := status.OutcomeUp
		switch i % 10 {
		case 3, 7:
			want = status.OutcomeDown
		}
		if res.Probe != jobs[i].Probe.ID || res.Outcome != want || res.Region != "eu-west" {
			t.Errorf("result %d: %+v, want %s", i, res, want)
		}
	}
	if p := peak.Load(); p > 8 {
		t.Errorf("%d probes ran at once with 8 workers", p)
	}
}

// TestRoundDeadline checks that a probe the round's deadline leaves less
// than its timeout is not started, and not recorded, while the others run.
func TestRoundDeadline(t *testing.T) {
	hang := probetest.SilentTCP(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	jobs := []Job{
		{Component: "a", Probe: status.Probe{ID: "fast", Type: status.ProbeHTTP, URL: srv.URL, Timeout: time.Second}},
		{Component: "a", Probe: status.Probe{ID: "hang1", Type: status.ProbeHTTP, URL: "http://" + hang, Timeout: 10 * time.Second}},
		{Component: "a", Probe: status.Probe{ID: "hang2", Type: status.ProbeHTTP, URL: "http://" + hang, Timeout: 10 * time.Second}},
		{Component: "a", Probe: status.Probe{ID: "queued", Type: status.ProbeHTTP, URL: srv.URL, Timeout: time.Second}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rep := New(Options{}).Round(ctx, jobs, 2)
	if len(rep.Results) != 2 || rep.Results[0].Probe != "fast" || rep.Results[1].Probe != "queued" {
		t.Errorf("results %+v", rep.Results)
	}
	if len(rep.Problems) != 2 {
		t.Fatalf("problems %v", rep.Problems)
	}
	for _, err := range rep.Problems {
		if !errors.Is(err, ErrRoundDeadline) || !strings.Contains(err.Error(), "not started: ") || !strings.Contains(err.Error(), "less than its 10s timeout") {
			t.Errorf("problem %v", err)
		}
	}
}

// TestRoundStartsLongestFirst queues probes behind one place: those with
// the longest timeouts start first, in file order among equals, and the
// results keep the file's order.
func TestRoundStartsLongestFirst(t *testing.T) {
	timeouts := []time.Duration{time.Second, 3 * time.Second, 2 * time.Second, 3 * time.Second, time.Second}
	// A listener each, so that the dialled address names the probe.
	ids := map[string]string{}
	var jobs []Job
	for i, timeout := range timeouts {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		id := fmt.Sprint(i)
		ids[ln.Addr().String()] = id
		jobs = append(jobs, Job{Component: "c", Probe: status.Probe{ID: id, Type: status.ProbeTCP, Address: ln.Addr().String(), Timeout: timeout}})
	}
	var mu sync.Mutex
	var started []string
	d := &net.Dialer{}
	r := New(Options{Dialer: dialFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		started = append(started, ids[addr])
		mu.Unlock()
		return d.DialContext(ctx, network, addr)
	})})
	rep := r.Round(context.Background(), jobs, 1)
	if got := strings.Join(started, " "); got != "1 3 2 0 4" {
		t.Errorf("started %s, want the longest timeouts first", got)
	}
	var recorded []string
	for _, res := range rep.Results {
		recorded = append(recorded, res.Probe)
	}
	if got := strings.Join(recorded, " "); got != "0 1 2 3 4" || len(rep.Problems) > 0 {
		t.Errorf("results %s, problems %v", got, rep.Problems)
	}
}
