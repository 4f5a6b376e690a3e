//go:build linux

package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

// BenchmarkRound1000 is issue 20's round: 1,000 loopback targets, 100 of
// which never answer, 5 s timeout each. Of every ten, six are http, one
// each tls, dns and tcp, and one hangs: an http or tls server that accepts
// and stays silent, a DNS server that swallows queries, or a port that
// drops SYNs. It reports the round's wall time (wall-s), how far past the
// timeout it ended (late-ms), when the last probe started (ramp-ms) and
// how many results it recorded.
//
//	go test -run '^$' -bench Round1000 -benchtime 1x -count 5 ./generator/probe
//
// workers=default is what `buoy probe` runs; gc=400 runs the round with
// RoundGCPercent; workers=128 was the default before the open-file limit
// set it.
func BenchmarkRound1000(b *testing.B) {
	const timeout = 5 * time.Second
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	defer srv.Close()
	ca := newCA(b)
	tlsAddr := tlsServer(b, ca.issue(b, []string{"127.0.0.1"}, time.Now().Add(-day), time.Now().Add(90*day), false))
	dnsAddr := dnsServer(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	tcpAddr := serveConns(b, ln, func(net.Conn) {})
	silent, silentUDP, dropper := probetest.SilentTCP(b), probetest.SilentUDP(b), probetest.SynDropper(b)

	var jobs []Job
	for i := range 1000 {
		p := status.Probe{ID: fmt.Sprintf("p%d", i), Timeout: timeout}
		switch i % 10 {
		case 6:
			p.Type, p.Address = status.ProbeTLS, tlsAddr
		case 7:
			p.Type, p.Name, p.Record, p.Resolver = status.ProbeDNS, "ok.test", "A", dnsAddr
		case 8:
			p.Type, p.Address = status.ProbeTCP, tcpAddr
		case 9:
			switch i / 10 % 4 {
			case 0:
				p.Type, p.URL = status.ProbeHTTP, "http://"+silent+"/"
			case 1:
				p.Type, p.Address = status.ProbeTLS, silent
			case 2:
				p.Type, p.Name, p.Record, p.Resolver = status.ProbeDNS, "ok.test", "A", silentUDP
			case 3:
				p.Type, p.Address = status.ProbeTCP, dropper
			}
		default:
			p.Type, p.URL, p.Expect = status.ProbeHTTP, fmt.Sprintf("%s/t/%d", srv.URL, i), status.Expect{BodyContains: "ok"}
		}
		jobs = append(jobs, Job{Component: fmt.Sprintf("c%d", i/10), Probe: p})
	}

	for _, v := range []struct {
		name               string
		workers, gcPercent int
	}{
		{"workers=default", DefaultWorkers, 0},
		{"workers=default,gc=400", DefaultWorkers, RoundGCPercent},
		{"workers=128", 128, 0},
	} {
		workers := v.workers
		b.Run(v.name, func(b *testing.B) {
			r := New(Options{RootCAs: ca.pool})
			if v.gcPercent > 0 {
				defer debug.SetGCPercent(debug.SetGCPercent(v.gcPercent))
			}
			for range b.N {
				ctx, cancel := context.WithTimeout(context.Background(), Deadline(jobs, workers))
				start := time.Now()
				rep := r.Round(ctx, jobs, workers)
				wall := time.Since(start)
				cancel()
				// A result's time is its probe's start.
				var last time.Time
				for _, res := range rep.Results {
					if res.Time.After(last) {
						last = res.Time
					}
				}
				ramp := last.Sub(start)
				b.ReportMetric(wall.Seconds(), "wall-s")
				b.ReportMetric(float64((wall - timeout).Milliseconds()), "late-ms")
				b.ReportMetric(float64(ramp.Milliseconds()), "ramp-ms")
				b.ReportMetric(float64(len(rep.Results)), "recorded")
				down := 0
				for _, res := range rep.Results {
					if res.Outcome != status.OutcomeUp {
						down++
					}
				}
				if len(rep.Results) != len(jobs) || down != 100 {
					b.Fatalf("%d results, %d not up, problems %v", len(rep.Results), down, rep.Problems)
				}
			}
		})
	}
}
