package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

// mastodonServer is a Mastodon server's statuses API as its documentation
// describes it: POST /api/v1/statuses, form fields, a Bearer token; it
// answers the created status as JSON, with a new id.
type mastodonServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []map[string]string
}

func newMastodonServer(t *testing.T, token string) *mastodonServer {
	m := &mastodonServer{}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/v1/statuses" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":"The access token is invalid: %s"}`, r.Header.Get("Authorization"))
			return
		}
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("form: %v", err)
		}
		if r.PostForm.Get("in_reply_to_id") == "deleted" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"Record not found"}`)
			return
		}
		st := map[string]string{"idempotency": r.Header.Get("Idempotency-Key")}
		for k := range r.PostForm {
			st[k] = r.PostForm.Get(k)
		}
		if st["status"] == "" || mastodonLength(st["status"], testLink) > 500 {
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprint(w, `{"error":"Validation failed: Text character limit of 500 exceeded"}`)
			return
		}
		m.mu.Lock()
		m.statuses = append(m.statuses, st)
		st["id"] = fmt.Sprintf("1090%d", len(m.statuses))
		m.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"id": st["id"], "content": "<p>…</p>", "visibility": st["visibility"]})
	}))
	t.Cleanup(m.Close)
	return m
}

// Three posts of one incident form a thread, each replying to the one
// before, within one Deliver call and across calls through ReplyTo;
// another incident's posts start their own thread.
func TestMastodonThreads(t *testing.T) {
	srv := newMastodonServer(t, "masto-secret")
	getenv := func(k string) string { return map[string]string{"MASTO": "masto-secret"}[k] }
	masto := status.NotifyTarget{ID: "masto", Type: status.NotifyMastodon, URL: srv.URL + "/", Token: "${MASTO}", Visibility: "unlisted"}
	post := func(key, thread, body string) Post {
		p := incidentPost(masto, key)
		p.Thread, p.Body, p.Language = thread, body, "pt-BR"
		return p
	}
	s := NewSender(Options{Getenv: getenv})
	res := s.Deliver(context.Background(), []Post{
		post("db-1", "db-1", "Investigating."),
		post("api-1", "api-1", "Slow API."),
		post("db-2", "db-1", "Identified: "+strings.Repeat("a full disk ", 80)),
		post("db-3", "db-1", "Resolved."),
	})
	for i, r := range res {
		if r.Err != nil || r.Remote != fmt.Sprintf("1090%d", i+1) {
			t.Errorf("post %d: %+v", i, r)
		}
	}
	got := srv.statuses
	want := []struct{ key, replyTo string }{{"db-1", ""}, {"api-1", ""}, {"db-2", "10901"}, {"db-3", "10903"}}
	for i, w := range want {
		st := got[i]
		if st["idempotency"] != w.key || st["in_reply_to_id"] != w.replyTo || st["visibility"] != "unlisted" || st["language"] != "pt" {
			t.Errorf("status %d: %v, want key %s replying to %q", i, st, w.key, w.replyTo)
		}
		if !strings.HasPrefix(st["status"], "Database outage: identified\n\n") || !strings.HasSuffix(st["status"], "\n\n"+testLink) {
			t.Errorf("status %d text %q", i, st["status"])
		}
	}
	if !strings.Contains(got[2]["status"], "…\n\n") {
		t.Errorf("long status not cut: %q", got[2]["status"])
	}

	// The next run continues the thread from the id it kept.
	next := post("db-4", "db-1", "Postmortem published.")
	next.ReplyTo = res[3].Remote
	res = s.Deliver(context.Background(), []Post{next})
	if res[0].Err != nil || srv.statuses[4]["in_reply_to_id"] != "10904" {
		t.Errorf("next run: %+v, %v", res[0], srv.statuses[4])
	}
}

// A reply to a status deleted since starts a new thread instead of
// failing on every run.
func TestMastodonReplyToDeleted(t *testing.T) {
	srv := newMastodonServer(t, "masto-secret")
	masto := status.NotifyTarget{ID: "masto", Type: status.NotifyMastodon, URL: srv.URL, Token: "${MASTO}"}
	p := incidentPost(masto, "db-5")
	p.ReplyTo = "deleted"
	res := NewSender(Options{Getenv: func(string) string { return "masto-secret" }}).Deliver(context.Background(), []Post{p})
	if res[0].Err != nil || res[0].Attempts != 2 || res[0].Remote != "10901" || len(srv.statuses) != 1 || srv.statuses[0]["in_reply_to_id"] != "" {
		t.Errorf("%+v, %v", res[0], srv.statuses)
	}
}

// A refused token is reported without it, and not retried.
func TestMastodonRefusal(t *testing.T) {
	srv := newMastodonServer(t, "right-token")
	getenv := func(string) string { return "wrong-token-value" }
	masto := status.NotifyTarget{ID: "masto", Type: status.NotifyMastodon, URL: srv.URL, Token: "${MASTO}"}
	res := NewSender(Options{Getenv: getenv}).Deliver(context.Background(), []Post{incidentPost(masto, "k")})
	if res[0].Err == nil || res[0].Attempts != 1 || strings.Contains(res[0].Err.Error(), "wrong-token-value") ||
		!strings.Contains(res[0].Err.Error(), "notify masto: HTTP 401") || !strings.Contains(res[0].Err.Error(), "[redacted]") {
		t.Errorf("%+v", res[0])
	}
}

// An alert to a mastodon target goes out as a status.
func TestMastodonAlert(t *testing.T) {
	srv := newMastodonServer(t, "masto-secret")
	masto := status.NotifyTarget{ID: "masto", Type: status.NotifyMastodon, URL: srv.URL, Token: "${MASTO}"}
	d := NewSender(Options{Getenv: func(string) string { return "masto-secret" }}).Send(context.Background(), []Message{downMessage(masto)})
	if d[0].Err != nil || len(srv.statuses) != 1 {
		t.Fatalf("%+v", d[0])
	}
	st := srv.statuses[0]
	if st["status"] != "[Example status] 🔴 Website is down: https: HTTP 502\n\nhttps://status.example.org/components/web/" || st["visibility"] != "public" || st["in_reply_to_id"] != "" {
		t.Errorf("%v", st)
	}
}
