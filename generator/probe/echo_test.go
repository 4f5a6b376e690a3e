package probe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/secret/secrettest"
	"github.com/buoystatus/buoy/generator/status"
)

// echoSecret has characters that URL, JSON, Go quoting and base64 each
// write differently.
const echoSecret = "Tk/+9=ab&c-x~yZ_q1Q"

// leaksSecret reports which form of the secret, or which half of one, s
// holds.
func leaksSecret(s string) string {
	for name, f := range secrettest.Echoes(echoSecret) {
		if strings.Contains(s, f) || strings.Contains(strings.ToLower(s), strings.ToLower(f[:len(f)/2])) {
			return name
		}
	}
	return ""
}

// echoServer answers each request with what respond writes, given the
// X-Api-Key header it received.
func echoServer(t *testing.T, respond func(w *bufio.Writer, key string)) string {
	return rawServer(t, func(c net.Conn) {
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		w := bufio.NewWriter(c)
		respond(w, req.Header.Get("X-Api-Key"))
		w.Flush()
	})
}

// TestEchoedSecretInEveryForm has servers write the secret they were sent
// back in every encoding, through every way a server's text reaches a
// reason: a JSON value the probe compares, a malformed status line and a
// malformed header line that Go's errors quote.
func TestEchoedSecretInEveryForm(t *testing.T) {
	r := New(Options{Getenv: func(k string) string { return map[string]string{"TOKEN": echoSecret}[k] }})
	for name := range secrettest.Echoes(echoSecret) {
		encode := func(key string) string { return secrettest.Echoes(key)[name] }
		vectors := map[string]struct {
			respond func(w *bufio.Writer, key string)
			expect  status.Expect
			reason  string
		}{
			"json value": {func(w *bufio.Writer, key string) {
				b, _ := json.Marshal(map[string]string{"who": "you are " + encode(key)})
				fmt.Fprintf(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(b), b)
			}, status.Expect{JSON: []status.JSONCheck{{Path: "who", Want: "nobody"}}}, "JSON who is"},
			"status line": {func(w *bufio.Writer, key string) {
				fmt.Fprintf(w, "HTTP/1.1 %s OK\r\n\r\n", encode(key))
			}, status.Expect{}, "malformed"},
			"header line": {func(w *bufio.Writer, key string) {
				fmt.Fprintf(w, "HTTP/1.1 200 OK\r\nbroken header %s\r\n\r\n", encode(key))
			}, status.Expect{}, "broken header"},
		}
		for vname, v := range vectors {
			p := httpProbe("http://"+echoServer(t, v.respond)+"/", v.expect)
			p.Headers = map[string]string{"X-Api-Key": "${TOKEN}"}
			res := run(t, r, p)
			if res.Outcome != status.OutcomeDown || !strings.Contains(res.Reason, v.reason) {
				t.Errorf("%s via %s: %s %q, want a finding containing %q", name, vname, res.Outcome, res.Reason, v.reason)
			}
			if form := leaksSecret(res.Reason); form != "" {
				t.Errorf("%s via %s: the %s form of the secret is in %q", name, vname, form, res.Reason)
			}
		}
	}
}
