package probe

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/buoystatus/buoy/generator/status"
)

// dnsServer answers a small fixed zone on loopback UDP and TCP, on the
// same port: the good names, NXDOMAIN, SERVFAIL, one name it never
// answers, and one whose answer only fits over TCP.
func dnsServer(t testing.TB) string {
	t.Helper()
	var big []string
	for i := range 60 {
		big = append(big, fmt.Sprintf(`big.test. 60 IN TXT "record %02d padded to make the answer too large for one UDP datagram"`, i))
	}
	zone := map[string][]string{
		"big.test.":    big,
		"ok.test.":     {"ok.test. 60 IN A 203.0.113.10", "ok.test. 60 IN A 203.0.113.11", "ok.test. 60 IN AAAA 2001:db8::10", "ok.test. 60 IN TXT \"v=spf1 \" \"-all\"", "ok.test. 60 IN MX 10 Mail.Ok.Test.", "ok.test. 60 IN NS ns1.ok.test."},
		"www.ok.test.": {"www.ok.test. 60 IN CNAME lb-1.ok.test."},
		"moved.test.":  {"moved.test. 60 IN A 198.51.100.7"},
	}
	h := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		q := req.Question[0]
		m := new(dns.Msg)
		m.SetReply(req)
		switch q.Name {
		case "silent.test.":
			return // never answers
		case "fail.test.":
			m.Rcode = dns.RcodeServerFailure
		default:
			rrs, ok := zone[q.Name]
			if !ok {
				m.Rcode = dns.RcodeNameError
			}
			for _, s := range rrs {
				rr, err := dns.NewRR(s)
				if err != nil {
					panic(err)
				}
				if rr.Header().Rrtype == q.Qtype || rr.Header().Rrtype == dns.TypeCNAME {
					m.Answer = append(m.Answer, rr)
				}
			}
		}
		if _, isUDP := w.RemoteAddr().(*net.UDPAddr); isUDP {
			size := dns.MinMsgSize
			if opt := req.IsEdns0(); opt != nil {
				size = int(opt.UDPSize())
			}
			m.Truncate(size) // sets TC when records had to go
		}
		w.WriteMsg(m)
	})
	// UDP on a free port, then TCP on the same one (retried: another
	// process may hold that TCP port).
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		udp := &dns.Server{PacketConn: pc, Handler: h}
		tcp := &dns.Server{Listener: ln, Handler: h}
		go udp.ActivateAndServe()
		go tcp.ActivateAndServe()
		t.Cleanup(func() { udp.Shutdown(); tcp.Shutdown() })
		return pc.LocalAddr().String()
	}
	t.Fatal("no port free for both UDP and TCP")
	return ""
}

func TestDNS(t *testing.T) {
	addr := dnsServer(t)
	r := New(Options{})
	tests := []struct {
		name, record string
		values       []string
		outcome      status.Outcome
		reason       string
	}{
		{"ok.test", "A", []string{"203.0.113.10"}, status.OutcomeUp, "A 203.0.113.10, 203.0.113.11"},
		{"ok.test", "A", nil, status.OutcomeUp, "A 203.0.113.10"},
		{"moved.test", "A", []string{"203.0.113.10"}, status.OutcomeDown, "A 198.51.100.7, expected 203.0.113.10"},
		{"ok.test", "AAAA", []string{"2001:db8:0::10"}, status.OutcomeUp, "AAAA 2001:db8::10"},
		{"www.ok.test", "CNAME", []string{"LB-1.ok.test."}, status.OutcomeUp, "CNAME lb-1.ok.test"},
		{"www.ok.test", "CNAME", []string{"deleted-lb.ok.test"}, status.OutcomeDown, "CNAME lb-1.ok.test, expected deleted-lb.ok.test"},
		{"ok.test", "TXT", []string{"v=spf1 -all"}, status.OutcomeUp, "TXT v=spf1 -all"},
		{"ok.test", "MX", []string{"mail.ok.test"}, status.OutcomeUp, "MX 10 mail.ok.test"},
		{"ok.test", "MX", []string{"20 mail.ok.test"}, status.OutcomeDown, "expected 20 mail.ok.test"},
		{"ok.test", "NS", []string{"ns1.ok.test"}, status.OutcomeUp, "NS ns1.ok.test"},
		{"moved.test", "AAAA", nil, status.OutcomeDown, "no AAAA record for moved.test"},
		{"gone.test", "A", nil, status.OutcomeDown, "NXDOMAIN: gone.test does not exist"},
		{"fail.test", "A", nil, status.OutcomeDown, "SERVFAIL from resolver " + addr},
		{"silent.test", "A", nil, status.OutcomeDown, "timeout after 300ms (no answer from " + addr + ")"},
		// The last record is cut from the UDP answer: found only over TCP.
		{"big.test", "TXT", []string{"record 59 padded to make the answer too large for one UDP datagram"}, status.OutcomeUp, "TXT record 00"},
	}
	for _, tt := range tests {
		t.Run(tt.record+" "+tt.name, func(t *testing.T) {
			p := status.Probe{ID: "dns", Type: status.ProbeDNS, Name: tt.name, Record: tt.record, Resolver: addr,
				Timeout: 300 * time.Millisecond, Expect: status.Expect{Values: tt.values}}
			want(t, run(t, r, p), tt.outcome, tt.reason)
		})
	}
}

// TestDNSSystemResolvers checks the fallback to the machine's resolvers,
// and that a silent first resolver leaves time to ask the next.
func TestDNSSystemResolvers(t *testing.T) {
	good := dnsServer(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0") // a resolver that never answers
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	r := New(Options{Nameservers: func() ([]string, error) { return []string{pc.LocalAddr().String(), good}, nil }})
	p := status.Probe{Type: status.ProbeDNS, Name: "ok.test", Record: "A", Timeout: time.Second}
	want(t, run(t, r, p), status.OutcomeUp, "A 203.0.113.10")
}
