package announce

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/notify/notifytest"
)

// These tests run announce → Post → each channel's delivery against real
// servers on loopback, as `buoy announce` does.

var secrets = map[string]string{
	"SMTP_USER": "status@example.org", "SMTP_PASSWORD": "pw-Secret-42",
	"MASTODON_TOKEN": "masto-token-7", "TELEGRAM_TOKEN": "123:tg-token", "MATRIX_TOKEN": "mx-token-9",
}

// channelSender reads the secrets above and trusts pool, as a deploy job
// with the secrets mapped would; it tries each post once.
func channelSender(pool *tls.Config) *notify.Sender {
	return notify.NewSender(notify.Options{
		Getenv: func(k string) string { return secrets[k] }, TLSConfig: pool,
		Attempts: 1, Backoff: time.Millisecond,
	})
}

// runWith is f.run with sender s.
func (f *fixture) runWith(s *notify.Sender, now, since time.Time, run string) *Sent {
	f.t.Helper()
	_, sent, err := Run(f.t.Context(), f.site(now), s, Options{HistoryDir: f.history, Now: func() time.Time { return now }, Since: since, Run: run})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range sent.Results {
		if r.Err != nil {
			f.t.Errorf("run %s: %s: %v", run, r.Post.Target.ID, r.Err)
		}
	}
	return sent
}

// inLanguage sets the site's language.
func (f *fixture) inLanguage(lang string) {
	f.write("status.yaml", strings.Replace(f.read("status.yaml"), "base_url:", "language: "+lang+"\nbase_url:", 1))
}

// updates is threeUpdates with its first n updates, as written by then.
func updates(n int) string {
	lines := strings.SplitAfter(threeUpdates, "\n")
	return strings.Join(lines[:5+n], "")
}

const link = "https://status.example.org/incidents/2026-03-01-db/"

// An email target with no on: takes announcements: three updates of one
// incident over two runs are three mails in the site's language, the
// later two threaded under the first by Message-ID; a third run sends
// none.
func TestEmailAnnouncements(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "status@example.org", Password: "pw-Secret-42"})
	f := newFixture(t, fmt.Sprintf(`  - id: list
    type: email
    server: smtp://%s
    username: ${SMTP_USER}
    password: ${SMTP_PASSWORD}
    from: status@example.org
    to: annonces@lists.example.org
    list_unsubscribe: mailto:annonces-leave@lists.example.org
`, srv.Addr))
	f.inLanguage("fr")
	f.write("incidents/2026-03-01-db.yaml", updates(2))
	s := channelSender(&tls.Config{RootCAs: srv.Pool})
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if sent := f.runWith(s, time.Date(2026, 3, 1, 10, 40, 0, 0, time.UTC), since, "r1"); len(sent.Results) != 2 {
		t.Fatalf("first run sent %d", len(sent.Results))
	}
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.runWith(s, now, time.Time{}, "r2")
	f.runWith(s, now.Add(time.Minute), time.Time{}, "r3")
	mails := srv.Mails()
	if len(mails) != 3 {
		t.Fatalf("%d mails, want 3", len(mails))
	}
	cfg := f.site(now).Config
	id := func(key string) string { return "<" + PostKey(cfg, key) + "@status.example.org>" }
	first := id("2026-03-01-db#opened")
	want := []struct{ id, subject, text string }{
		{first, "[Example status] Database down : Enquête en cours", "The API answers 500."},
		{id("2026-03-01-db@2026-03-01T10:30:00Z/identified"), "[Example status] Database down : Cause identifiée", "A full disk."},
		{id("2026-03-01-db@2026-03-01T11:00:00Z/resolved"), "[Example status] Database down : Résolu", "Space freed."},
	}
	dec := new(mime.WordDecoder)
	for i, m := range mails {
		h, parts := notifytest.ReadMail(t, m.Data)
		subject, err := dec.DecodeHeader(h.Get("Subject"))
		if err != nil || subject != want[i].subject {
			t.Errorf("mail %d: subject %q (%v), want %q", i, subject, err, want[i].subject)
		}
		if h.Get("Message-ID") != want[i].id || h.Get("Content-Language") != "fr" || h.Get("List-Unsubscribe") != "<mailto:annonces-leave@lists.example.org>" {
			t.Errorf("mail %d: Message-ID %q (want %q), Content-Language %q, List-Unsubscribe %q", i, h.Get("Message-ID"), want[i].id, h.Get("Content-Language"), h.Get("List-Unsubscribe"))
		}
		reply := ""
		if i > 0 {
			reply = first
		}
		if h.Get("In-Reply-To") != reply || h.Get("References") != reply {
			t.Errorf("mail %d: In-Reply-To %q, References %q, want %q", i, h.Get("In-Reply-To"), h.Get("References"), reply)
		}
		if len(parts) != 2 || !strings.HasPrefix(parts[0].Type, "text/plain") || !strings.HasPrefix(parts[1].Type, "text/html") {
			t.Fatalf("mail %d: parts %+v", i, parts)
		}
		plain, page := parts[0].Text, parts[1].Text
		if !strings.Contains(plain, want[i].text) || !strings.Contains(plain, "Concerne API.") || !strings.Contains(plain, link) {
			t.Errorf("mail %d: plain part\n%s", i, plain)
		}
		if !strings.Contains(page, `href="`+link+`"`) || !strings.Contains(page, `lang="fr"`) || !strings.Contains(page, "Concerne API.") {
			t.Errorf("mail %d: HTML part\n%s", i, page)
		}
		if !m.TLS || m.User != "status@example.org" || m.To[0] != "annonces@lists.example.org" {
			t.Errorf("mail %d: TLS %v, user %q, to %v", i, m.TLS, m.User, m.To)
		}
	}
	// The update's Markdown is rendered, not sent as written.
	if _, parts := notifytest.ReadMail(t, mails[0].Data); !strings.Contains(parts[1].Text, "<strong>500</strong>") || strings.Contains(parts[0].Text, "**") {
		t.Errorf("first mail's Markdown:\n%s", mails[0].Data)
	}
}

// A mail the server turned away is sent by the next run, once, with the
// Message-ID and threading it would have had; the mail that went out is
// not sent again.
func TestEmailRetried(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{})
	srv.AnswerRcpt(func(n int) error {
		if n == 2 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	})
	f := newFixture(t, "  - { id: list, type: email, server: \"smtp://"+srv.Addr+"\", from: status@example.org, to: all@example.org }\n")
	f.write("incidents/2026-03-01-db.yaml", updates(2))
	now := time.Date(2026, 3, 1, 10, 40, 0, 0, time.UTC)
	_, sent, err := Run(t.Context(), f.site(now), channelSender(&tls.Config{RootCAs: srv.Pool}), Options{HistoryDir: f.history, Now: func() time.Time { return now }, Since: now.Add(-time.Hour), Run: "r1"})
	if err != nil || len(sent.Results) != 2 || sent.Results[0].Err != nil || sent.Results[1].Err == nil || !strings.Contains(sent.Results[1].Err.Error(), "SMTP 451") {
		t.Fatalf("first run: %v %+v", err, sent)
	}
	f.runWith(channelSender(&tls.Config{RootCAs: srv.Pool}), now.Add(time.Hour), time.Time{}, "r2")
	mails := srv.Mails()
	if len(mails) != 2 {
		t.Fatalf("%d mails, want 2", len(mails))
	}
	cfg := f.site(now).Config
	h, _ := notifytest.ReadMail(t, mails[1].Data)
	first := "<" + PostKey(cfg, "2026-03-01-db#opened") + "@status.example.org>"
	if h.Get("Message-ID") != "<"+PostKey(cfg, "2026-03-01-db@2026-03-01T10:30:00Z/identified")+"@status.example.org>" || h.Get("In-Reply-To") != first {
		t.Errorf("retried mail: Message-ID %q, In-Reply-To %q", h.Get("Message-ID"), h.Get("In-Reply-To"))
	}
}

// mastodon is a Mastodon server's statuses API as documented: POST
// /api/v1/statuses, form fields, a Bearer token, an Idempotency-Key; it
// answers the created status with a new id, refuses a reply to a status
// it does not have, and posts once per Idempotency-Key.
type mastodon struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	statuses []url.Values
	byKey    map[string]string
	// refuse, when set, is answered 503 once to a status containing it.
	refuse string
}

func newMastodon(t *testing.T) *mastodon {
	m := &mastodon{t: t, byKey: map[string]string{}}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.Close)
	return m
}

func (m *mastodon) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	err := r.ParseForm()
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/api/v1/statuses":
		err = fmt.Errorf("%s %s", r.Method, r.URL.Path)
	case r.Header.Get("Authorization") != "Bearer masto-token-7":
		w.WriteHeader(http.StatusUnauthorized)
		return
	case r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.Header.Get("Idempotency-Key") == "":
		err = fmt.Errorf("content type %q, idempotency key %q", r.Header.Get("Content-Type"), r.Header.Get("Idempotency-Key"))
	case err != nil:
	case r.PostForm.Get("status") == "" || r.PostForm.Get("visibility") != "public" || r.PostForm.Get("language") != "en":
		err = fmt.Errorf("form %v", r.PostForm)
	}
	if err != nil {
		m.t.Errorf("mastodon: %v", err)
		w.WriteHeader(http.StatusUnprocessableEntity)
		return
	}
	if m.refuse != "" && strings.Contains(r.PostForm.Get("status"), m.refuse) {
		m.refuse = ""
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if reply := r.PostForm.Get("in_reply_to_id"); reply != "" && m.index(reply) < 0 {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":"Record not found"}`)
		return
	}
	id, ok := m.byKey[r.Header.Get("Idempotency-Key")]
	if !ok {
		m.statuses = append(m.statuses, r.PostForm)
		id = fmt.Sprint(113000 + len(m.statuses))
		m.byKey[r.Header.Get("Idempotency-Key")] = id
	}
	json.NewEncoder(w).Encode(map[string]string{"id": id, "url": m.URL + "/@status/" + id})
}

// index is the position of status id, or -1.
func (m *mastodon) index(id string) int {
	for i := range m.statuses {
		if fmt.Sprint(113000+i+1) == id {
			return i
		}
	}
	return -1
}

// posted lists each status as "id<-reply: first line of text".
func (m *mastodon) posted() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for i, st := range m.statuses {
		line, _, _ := strings.Cut(st.Get("status"), "\n")
		out = append(out, fmt.Sprintf("%d<-%s: %s", 113000+i+1, st.Get("in_reply_to_id"), line))
	}
	return out
}

// Three updates of an incident over three runs form one thread, each
// replying to the status before it, found in the log's remote from the
// run before; another incident is a thread of its own.
func TestMastodonThreads(t *testing.T) {
	m := newMastodon(t)
	f := newFixture(t, "  - { id: masto, type: mastodon, server: \""+m.URL+"\", token: \"${MASTODON_TOKEN}\" }\n")
	web := "title: Slow pages\ncomponents: [web]\nimpact: minor\nstarted: 2026-03-01T10:50:00Z\nupdates:\n  - { at: 2026-03-01T10:50:00Z, status: investigating, text: Slow. }\n"
	s := channelSender(nil)
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	// Two posts of one thread in the first run, then a run per update.
	f.write("incidents/2026-03-01-db.yaml", updates(2))
	f.runWith(s, time.Date(2026, 3, 1, 10, 40, 0, 0, time.UTC), since, "r1")
	f.write("incidents/2026-03-01-web.yaml", web)
	f.runWith(s, time.Date(2026, 3, 1, 10, 55, 0, 0, time.UTC), time.Time{}, "r2")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	f.runWith(s, time.Date(2026, 3, 1, 11, 10, 0, 0, time.UTC), time.Time{}, "r3")
	f.write("incidents/2026-03-01-web.yaml", web+"  - { at: 2026-03-01T11:30:00Z, status: resolved, text: Fast again. }\n")
	f.runWith(s, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), time.Time{}, "r4")
	f.runWith(s, time.Date(2026, 3, 1, 12, 5, 0, 0, time.UTC), time.Time{}, "r5")
	want := []string{
		"113001<-: [Example status] Database down: Investigating",
		"113002<-113001: [Example status] Database down: Identified",
		"113003<-: [Example status] Slow pages: Investigating",
		"113004<-113002: [Example status] Database down: Resolved",
		"113005<-113003: [Example status] Slow pages: Resolved",
	}
	if got := m.posted(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("statuses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, st := range m.statuses {
		if !strings.Contains(st.Get("status"), "https://status.example.org/incidents/2026-03-01-") {
			t.Errorf("status %d has no link: %q", i, st.Get("status"))
		}
	}
	log, err := ReadLog(f.history)
	if err != nil {
		t.Fatal(err)
	}
	if got := log.ReplyTo("masto", "2026-03-01-db#opened"); got != "113004" {
		t.Errorf("the log's latest status of the database thread is %q", got)
	}
}

// A status that fails leaves the thread whole: the next one of the run
// replies to the thread's latest status, not to nobody, and the failed one,
// sent by the next run, replies to the latest there is then.
func TestMastodonThreadFailure(t *testing.T) {
	m := newMastodon(t)
	f := newFixture(t, "  - { id: masto, type: mastodon, server: \""+m.URL+"\", token: \"${MASTODON_TOKEN}\" }\n")
	f.write("incidents/2026-03-01-db.yaml", updates(1))
	s := channelSender(nil)
	f.runWith(s, time.Date(2026, 3, 1, 10, 10, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "r1")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	m.mu.Lock()
	m.refuse = "A full disk."
	m.mu.Unlock()
	_, sent, err := Run(t.Context(), f.site(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)), s, Options{HistoryDir: f.history, Now: func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }, Run: "r2"})
	if err != nil || len(sent.Results) != 2 || sent.Results[0].Err == nil || sent.Results[1].Err != nil {
		t.Fatalf("second run: %v %+v", err, sent)
	}
	f.runWith(s, time.Date(2026, 3, 1, 12, 5, 0, 0, time.UTC), time.Time{}, "r3")
	want := []string{
		"113001<-: [Example status] Database down: Investigating",
		"113002<-113001: [Example status] Database down: Resolved",
		"113003<-113002: [Example status] Database down: Identified",
	}
	if got := m.posted(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("statuses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// chat is a server taking Slack, Discord, Telegram and Matrix requests as
// each API documents them, keeping the text each received.
type chat struct {
	*httptest.Server
	t   *testing.T
	mu  sync.Mutex
	got map[string]map[string]any
}

func newChat(t *testing.T) *chat {
	c := &chat{t: t, got: map[string]map[string]any{}}
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.Close)
	return c
}

func (c *chat) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	err := json.Unmarshal(raw, &body)
	if r.Header.Get("Content-Type") != "application/json" {
		err = fmt.Errorf("content type %q", r.Header.Get("Content-Type"))
	}
	var channel string
	switch p := r.URL.Path; {
	case err != nil:
	case r.Method == http.MethodPost && p == "/services/T0/B0":
		channel = "slack"
		if _, ok := body["text"].(string); !ok || body["mrkdwn"] != true {
			err = fmt.Errorf("slack body %s", raw)
		}
	case r.Method == http.MethodPost && p == "/api/webhooks/1/tok":
		channel = "discord"
		mentions, _ := body["allowed_mentions"].(map[string]any)
		if _, ok := body["content"].(string); !ok || mentions == nil {
			err = fmt.Errorf("discord body %s", raw)
		}
	case r.Method == http.MethodPost && p == "/bot123:tg-token/sendMessage":
		channel = "telegram"
		if _, ok := body["text"].(string); !ok || body["chat_id"] != "-1001234" || body["parse_mode"] != "HTML" {
			err = fmt.Errorf("telegram body %s", raw)
		}
	case r.Method == http.MethodPut && strings.HasPrefix(p, "/_matrix/client/v3/rooms/!room:example.org/send/m.room.message/"):
		channel = "matrix"
		if r.Header.Get("Authorization") != "Bearer mx-token-9" || body["msgtype"] != "m.text" || body["format"] != "org.matrix.custom.html" {
			err = fmt.Errorf("matrix request %s", raw)
		}
	default:
		err = fmt.Errorf("%s %s", r.Method, p)
	}
	if err != nil {
		c.t.Errorf("chat: %v", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	c.got[channel] = body
	c.mu.Unlock()
	switch channel {
	case "telegram":
		fmt.Fprint(w, `{"ok":true,"result":{"message_id":7}}`)
	case "matrix":
		fmt.Fprint(w, `{"event_id":"$ev1"}`)
	}
}

// One announcement reaches each chat channel in its request shape, with
// the subject, the text rendered and the absolute link, in the site's
// language.
func TestChatAnnouncements(t *testing.T) {
	c := newChat(t)
	f := newFixture(t, fmt.Sprintf(`  - { id: slack, type: slack, url: "%[1]s/services/T0/B0", on: [incident] }
  - { id: discord, type: discord, url: "%[1]s/api/webhooks/1/tok", on: [incident] }
  - { id: telegram, type: telegram, api_url: "%[1]s", token: "${TELEGRAM_TOKEN}", chat_id: "-1001234", on: [incident] }
  - { id: matrix, type: matrix, homeserver: "%[1]s", room: "!room:example.org", token: "${MATRIX_TOKEN}", on: [incident] }
`, c.URL))
	f.inLanguage("de")
	f.write("incidents/2026-03-01-db.yaml", updates(1))
	sent := f.runWith(channelSender(nil), time.Date(2026, 3, 1, 10, 10, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "r1")
	if len(sent.Results) != 4 {
		t.Fatalf("%d results", len(sent.Results))
	}
	const subject = "[Example status] Database down: Wird untersucht"
	text := map[string]string{}
	for ch, field := range map[string]string{"slack": "text", "discord": "content", "telegram": "text", "matrix": "formatted_body"} {
		s, _ := c.got[ch][field].(string)
		text[ch] = s
	}
	for ch, want := range map[string][]string{
		"slack":    {"*" + subject + "*", "The API answers *500*.", "Betrifft API.", "<" + link + ">"},
		"discord":  {`**\[Example status\] Database down\: Wird untersucht**`, "The API answers **500**.", "Betrifft API.", "<" + link + ">"},
		"telegram": {"<b>" + subject + "</b>", "The API answers <b>500</b>.", "Betrifft API.", link},
		"matrix":   {subject, "The API answers <strong>500</strong>.", "Betrifft API.", `href="` + link + `"`},
	} {
		for _, w := range want {
			if !strings.Contains(text[ch], w) {
				t.Errorf("%s lacks %q:\n%s", ch, w, text[ch])
			}
		}
	}
	if plain, _ := c.got["matrix"]["body"].(string); !strings.Contains(plain, subject) || !strings.Contains(plain, link) {
		t.Errorf("matrix plain body:\n%s", plain)
	}
}
