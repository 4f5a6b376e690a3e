package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

// received is one request a receiver on 127.0.0.1 got.
type received struct {
	Method, Path string
	Header       http.Header
	Body         map[string]any
}

// receiver answers every request with code (and body), recording it.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []received
	code func(n int) int
	body string
}

func newReceiver(t *testing.T, code func(n int) int, body string) *receiver {
	r := &receiver{code: code, body: body}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		data, _ := io.ReadAll(req.Body)
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Errorf("%s %s: body is not JSON: %q", req.Method, req.URL.Path, data)
		}
		r.mu.Lock()
		r.got = append(r.got, received{req.Method, req.URL.EscapedPath(), req.Header.Clone(), m})
		n := len(r.got)
		r.mu.Unlock()
		w.WriteHeader(r.code(n))
		io.WriteString(w, r.body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func always(code int) func(int) int { return func(int) int { return code } }

func downMessage(t status.NotifyTarget) Message {
	since := time.Date(2026, 11, 30, 10, 10, 0, 0, time.UTC)
	return Message{
		Target: t, Component: status.Component{ID: "web", Name: "Website"}, Alert: status.AlertDown,
		State: status.MajorOutage, Previous: status.Operational, Reason: "https: HTTP 502",
		Since: since, Time: since.Add(5 * time.Minute), Site: "Example status", SiteURL: "https://status.example.org/",
		URL: "https://status.example.org/components/web/", Language: "en",
	}
}

var env = map[string]string{"HOOK": "hook-secret-123", "TG": "123:tg-secret", "MX": "mx-secret", "ROOM": "!room:m.example"}

func sender() *Sender {
	return NewSender(Options{Getenv: func(k string) string { return env[k] }, Backoff: 10 * time.Millisecond})
}

// Each service gets the request its API documents, secrets expanded.
func TestEachTargetType(t *testing.T) {
	const text = "[Example status] 🔴 Website is down: https: HTTP 502\nhttps://status.example.org/components/web/"
	tests := []struct {
		target func(url string) status.NotifyTarget
		body   string
		check  func(t *testing.T, r received)
	}{
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "hook", Type: status.NotifyWebhook, URL: u + "/buoy", Headers: map[string]string{"Authorization": "Bearer ${HOOK}"}}
		}, "", func(t *testing.T, r received) {
			if r.Method != "POST" || r.Path != "/buoy" || r.Header.Get("Authorization") != "Bearer hook-secret-123" || r.Header.Get("Idempotency-Key") == "" {
				t.Errorf("webhook request %s %s %v", r.Method, r.Path, r.Header)
			}
			comp, _ := r.Body["component"].(map[string]any)
			if r.Body["event"] != "down" || r.Body["state"] != "major_outage" || r.Body["previous"] != "operational" ||
				comp["id"] != "web" || comp["url"] != "https://status.example.org/components/web/" ||
				r.Body["since"] != "2026-11-30T10:10:00Z" || r.Body["text"] != text || r.Body["version"] != 1.0 {
				t.Errorf("webhook payload %v", r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "slack", Type: status.NotifySlack, URL: u + "/services/${HOOK}"}
		}, "ok", func(t *testing.T, r received) {
			if r.Path != "/services/hook-secret-123" || r.Body["text"] != text {
				t.Errorf("slack request %s %v", r.Path, r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "discord", Type: status.NotifyDiscord, URL: u + "/api/webhooks/1/${HOOK}"}
		}, "", func(t *testing.T, r received) {
			mentions, _ := r.Body["allowed_mentions"].(map[string]any)
			if r.Body["content"] != text || mentions == nil {
				t.Errorf("discord body %v", r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "tg", Type: status.NotifyTelegram, URL: u, Token: "${TG}", ChatID: "-10042"}
		}, `{"ok":true,"result":{}}`, func(t *testing.T, r received) {
			if r.Path != "/bot123:tg-secret/sendMessage" || r.Body["chat_id"] != "-10042" || r.Body["text"] != text {
				t.Errorf("telegram request %s %v", r.Path, r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "mx", Type: status.NotifyMatrix, URL: u + "/", Token: "${MX}", Room: "${ROOM}"}
		}, `{"event_id":"$x"}`, func(t *testing.T, r received) {
			if r.Method != "PUT" || !strings.HasPrefix(r.Path, "/_matrix/client/v3/rooms/%21room:m.example/send/m.room.message/buoy-") ||
				r.Header.Get("Authorization") != "Bearer mx-secret" || r.Body["msgtype"] != "m.text" || r.Body["body"] != text {
				t.Errorf("matrix request %s %s %v %v", r.Method, r.Path, r.Header, r.Body)
			}
		}},
	}
	for _, tt := range tests {
		rec := newReceiver(t, always(200), tt.body)
		target := tt.target(rec.URL)
		t.Run(string(target.Type), func(t *testing.T) {
			d := sender().Send(context.Background(), []Message{downMessage(target)})
			if d[0].Err != nil || d[0].Attempts != 1 {
				t.Fatalf("delivery: %v after %d attempts", d[0].Err, d[0].Attempts)
			}
			got := rec.requests()
			if len(got) != 1 {
				t.Fatalf("%d requests", len(got))
			}
			tt.check(t, got[0])
		})
	}
}

// A 5xx is retried, a 4xx is not, and the error names the target, never
// the secret in its URL.
func TestRetries(t *testing.T) {
	flaky := newReceiver(t, func(n int) int { return map[bool]int{true: 503, false: 200}[n < 3] }, "")
	gone := newReceiver(t, always(404), "no_service hook-secret-123")
	msgs := []Message{
		downMessage(status.NotifyTarget{ID: "flaky", Type: status.NotifySlack, URL: flaky.URL + "/${HOOK}"}),
		downMessage(status.NotifyTarget{ID: "gone", Type: status.NotifySlack, URL: gone.URL + "/${HOOK}"}),
	}
	d := sender().Send(context.Background(), msgs)
	if d[0].Err != nil || d[0].Attempts != 3 {
		t.Errorf("flaky target: %v after %d attempts, want delivered on the third", d[0].Err, d[0].Attempts)
	}
	if d[1].Err == nil || d[1].Attempts != 1 || len(gone.requests()) != 1 {
		t.Errorf("404 target: %v after %d attempts, want one", d[1].Err, d[1].Attempts)
	}
	if msg := d[1].Err.Error(); strings.Contains(msg, "hook-secret-123") || !strings.Contains(msg, "notify gone: HTTP 404: no_service [redacted]") {
		t.Errorf("error = %q", msg)
	}
}

// A target that accepts and never answers costs its timeout, within the
// round's deadline, and delays no other target.
func TestHungTarget(t *testing.T) {
	addr := probetest.SilentTCP(t)
	ok := newReceiver(t, always(200), "ok")
	msgs := []Message{
		downMessage(status.NotifyTarget{ID: "hung", Type: status.NotifyWebhook, URL: "http://" + addr + "/", Timeout: 300 * time.Millisecond}),
		downMessage(status.NotifyTarget{ID: "ok", Type: status.NotifySlack, URL: ok.URL + "/"}),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	done := make(chan []Delivery)
	go func() { done <- sender().Send(ctx, msgs) }()
	var d []Delivery
	select {
	case d = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Send outlived its deadline")
	}
	if d[0].Err == nil || !strings.Contains(d[0].Err.Error(), "no answer within 300ms") {
		t.Errorf("hung target: %v", d[0].Err)
	}
	if d[1].Err != nil {
		t.Errorf("the other target: %v", d[1].Err)
	}
	// With the round's deadline passed, nothing is tried at all.
	past, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	if d := sender().Send(past, msgs[1:]); d[0].Err == nil || !strings.Contains(d[0].Err.Error(), "out of time: the run's deadline passed") {
		t.Errorf("after the deadline: %v", d[0].Err)
	}
}

// An unset variable is a configuration problem, reported at once.
func TestUnsetSecret(t *testing.T) {
	d := sender().Send(context.Background(), []Message{downMessage(status.NotifyTarget{ID: "s", Type: status.NotifySlack, URL: "${NOPE}"})})
	var ce *ConfigError
	if !errors.As(d[0].Err, &ce) || d[0].Err.Error() != "notify s: url: environment variable NOPE is not set" || d[0].Attempts != 0 {
		t.Errorf("unset secret: %v (%d attempts)", d[0].Err, d[0].Attempts)
	}
}
