package notify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/secret/secrettest"
	"github.com/buoystatus/buoy/generator/status"
)

// scrubSecret is 18 characters, with characters that URL, JSON and base64
// each write differently.
const scrubSecret = "Tk/+9=ab&c\"x<yZ_q1"

// A target that refuses a message and quotes the secret it was sent, in any
// form and anywhere in its answer (right where the 200-byte excerpt ends
// too), is reported without a trace of it.
func TestRefusalQuotingSecret(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"HOOK": scrubSecret}[k] }
	for name, form := range secrettest.Echoes(scrubSecret) {
		for _, at := range []int{0, 182, 195, 4090} {
			for _, code := range []int{400, 503} {
				answer := strings.Repeat("x", at) + form + strings.Repeat("y", 40)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					w.WriteHeader(code)
					fmt.Fprint(w, answer)
				}))
				for _, tg := range []status.NotifyTarget{
					{ID: "hook", Type: status.NotifyWebhook, URL: srv.URL + "/in", Headers: map[string]string{"Authorization": "Bearer ${HOOK}"}},
					{ID: "slack", Type: status.NotifySlack, URL: srv.URL + "/services/${HOOK}"},
				} {
					s := NewSender(Options{Getenv: getenv, Attempts: 1})
					d := s.Send(context.Background(), []Message{downMessage(tg)})
					if d[0].Err == nil {
						t.Fatalf("%s: refusal not reported", tg.ID)
					}
					msg := d[0].Err.Error()
					for other, f := range secrettest.Echoes(scrubSecret) {
						if strings.Contains(msg, f) || strings.Contains(msg, f[:len(f)/2]) {
							t.Errorf("%s echo at %d, HTTP %d, %s: %s form of the secret in %q", name, at, code, tg.ID, other, msg)
						}
					}
					if at == 0 && !strings.Contains(msg, "[redacted]") {
						t.Errorf("%s echo at 0: %q", name, msg)
					}
				}
				srv.Close()
			}
		}
	}
}

// Telegram answers 200 with {"ok":false}; its description is scrubbed too.
func TestTelegramRefusalQuotingToken(t *testing.T) {
	const token = "123456:AAE-telegram-bot-token"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"ok":false,"description":"Unauthorized: %s"}`, strings.ToUpper(url.PathEscape(token)))
	}))
	defer srv.Close()
	s := NewSender(Options{Getenv: func(string) string { return token }, Attempts: 1, Backoff: time.Millisecond})
	d := s.Send(context.Background(), []Message{downMessage(status.NotifyTarget{ID: "tg", Type: status.NotifyTelegram, URL: srv.URL, Token: "${TG}", ChatID: "1"})})
	if d[0].Err == nil || strings.Contains(strings.ToLower(d[0].Err.Error()), "telegram-bot-token") || !strings.Contains(d[0].Err.Error(), "[redacted]") {
		t.Errorf("telegram refusal: %v", d[0].Err)
	}
}
