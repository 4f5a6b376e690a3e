package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/buoystatus/buoy/generator/notify/notifytest"
	"github.com/buoystatus/buoy/generator/probe/probetest"
	"github.com/buoystatus/buoy/generator/status"
)

var mailEnv = map[string]string{"SMTP_USER": "status@example.org", "SMTP_PASSWORD": "pw-Secret-42"}

func mailSender(srv *notifytest.SMTP) *Sender {
	return NewSender(Options{
		Getenv:    func(k string) string { return mailEnv[k] },
		TLSConfig: &tls.Config{RootCAs: srv.Pool},
		Backoff:   10 * time.Millisecond,
	})
}

func mailTarget(srv *notifytest.SMTP, scheme string) status.NotifyTarget {
	return status.NotifyTarget{
		ID: "list", Type: status.NotifyEmail, URL: scheme + "://" + srv.Addr,
		Username: "${SMTP_USER}", Password: "${SMTP_PASSWORD}",
		From: "status@example.org", To: []string{"announce@lists.example.org", "Ops <ops@example.org>"},
		ListUnsubscribe: []string{"mailto:announce-leave@lists.example.org", "https://lists.example.org/u/announce"},
	}
}

// Three posts of one incident reach the list as three mails, the later
// two threaded under the first, each with both parts; over STARTTLS,
// logged in with AUTH PLAIN.
func TestEmailThread(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "status@example.org", Password: "pw-Secret-42"})
	target := mailTarget(srv, "smtp")
	var posts []Post
	for i, body := range []string{"We are **investigating**.", "Identified: a full disk.\n\n- db-1\n- db-2", "Résolu. <script>x</script>"} {
		p := incidentPost(target, []string{"inc-db", "inc-db-2", "inc-db-3"}[i])
		p.Thread, p.Body = "inc-db", body
		p.Subject = "Panne de la base de données: " + []string{"en cours", "identifiée", "résolue"}[i]
		p.Language = "fr"
		posts = append(posts, p)
	}
	res := mailSender(srv).Deliver(context.Background(), posts)
	for i, r := range res {
		if r.Err != nil || r.Attempts != 1 {
			t.Fatalf("post %d: %v after %d attempts", i, r.Err, r.Attempts)
		}
	}
	got := srv.Mails()
	if len(got) != 3 {
		t.Fatalf("%d mails", len(got))
	}
	for i, m := range got {
		if !m.TLS {
			t.Errorf("mail %d: TLS %v, user %q", i, m.TLS, m.User)
		}
		if m.User != "status@example.org" || m.From != "status@example.org" || !slices.Equal(m.To, []string{"announce@lists.example.org", "ops@example.org"}) {
			t.Errorf("mail %d envelope: %+v", i, m)
		}
		h, parts := notifytest.ReadMail(t, m.Data)
		subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
		if err != nil || subject != posts[i].Subject || !strings.HasPrefix(h.Get("Subject"), "=?UTF-8?q?") {
			t.Errorf("mail %d subject %q (%q): %v", i, subject, h.Get("Subject"), err)
		}
		from, err := mail.ParseAddress(h.Get("From"))
		if err != nil || from.Name != "Example status" || from.Address != "status@example.org" {
			t.Errorf("mail %d From %q: %v", i, h.Get("From"), err)
		}
		to, err := h.AddressList("To")
		if err != nil || len(to) != 2 || to[1].Name != "Ops" {
			t.Errorf("mail %d To %q: %v", i, h.Get("To"), err)
		}
		if d, err := h.Date(); err != nil || !d.Equal(posts[i].Time) {
			t.Errorf("mail %d Date %q: %v", i, h.Get("Date"), err)
		}
		if id := h.Get("Message-ID"); id != "<"+posts[i].Key+"@status.example.org>" {
			t.Errorf("mail %d Message-ID %q", i, id)
		}
		wantParent := "<inc-db@status.example.org>"
		if i == 0 {
			wantParent = ""
		}
		if h.Get("In-Reply-To") != wantParent || h.Get("References") != wantParent {
			t.Errorf("mail %d In-Reply-To %q References %q", i, h.Get("In-Reply-To"), h.Get("References"))
		}
		if h.Get("List-Unsubscribe") != "<mailto:announce-leave@lists.example.org>, <https://lists.example.org/u/announce>" ||
			h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || h.Get("MIME-Version") != "1.0" || h.Get("Content-Language") != "fr" {
			t.Errorf("mail %d headers %v", i, h)
		}
		if len(parts) != 2 || parts[0].Type != "text/plain; charset=UTF-8" || parts[1].Type != "text/html; charset=UTF-8" ||
			parts[0].Encoding != "quoted-printable" || parts[1].Encoding != "quoted-printable" {
			t.Fatalf("mail %d parts %+v", i, parts)
		}
		if !strings.HasSuffix(parts[0].Text, "\r\n\r\n"+testLink+"\r\n") || !strings.Contains(parts[1].Text, `<a href="`+testLink+`">`) ||
			!strings.HasPrefix(parts[1].Text, "<!DOCTYPE html>") || !strings.Contains(parts[1].Text, `<html lang="fr">`) {
			t.Errorf("mail %d parts %+v", i, parts)
		}
		body := parts[1].Text[strings.Index(parts[1].Text, "<body>")+6 : strings.Index(parts[1].Text, "</body>")]
		checkHTML(t, strings.ReplaceAll(body, "\r", ""), matrixTags, htmlEntities)
	}
	_, parts := notifytest.ReadMail(t, got[0].Data)
	if !strings.Contains(parts[0].Text, "We are investigating.") || !strings.Contains(parts[1].Text, "We are <strong>investigating</strong>.") {
		t.Errorf("first mail: %+v", parts)
	}
	_, parts = notifytest.ReadMail(t, got[2].Data)
	if !strings.Contains(parts[0].Text, "Résolu. <script>x</script>") || !strings.Contains(parts[1].Text, "Résolu. &lt;script&gt;x&lt;/script&gt;") {
		t.Errorf("third mail: %+v", parts)
	}
}

// smtps:// speaks TLS from the first byte; no login when none is set; a
// mailing list address in From with a name keeps it.
func TestEmailImplicitTLS(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{Implicit: true})
	target := mailTarget(srv, "smtps")
	target.Username, target.Password, target.ListUnsubscribe = "", "", nil
	target.From = `"Status bot" <bot@example.org>`
	p := incidentPost(target, "k1")
	p.Thread = "k1"
	res := mailSender(srv).Deliver(context.Background(), []Post{p})
	got := srv.Mails()
	if res[0].Err != nil || len(got) != 1 || !got[0].TLS {
		t.Fatalf("%+v, %d mails", res[0], len(got))
	}
	h, _ := notifytest.ReadMail(t, got[0].Data)
	if h.Get("From") != `"Status bot" <bot@example.org>` || h.Get("List-Unsubscribe") != "" || h.Get("In-Reply-To") != "" || h.Get("Subject") != "Database outage: identified" {
		t.Errorf("headers %v", h)
	}
}

// A refused login is a permanent failure whose error holds neither the
// password nor the user name the server quoted.
func TestEmailAuthFailure(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "someone@example.org", Password: "other"})
	res := mailSender(srv).Deliver(context.Background(), []Post{incidentPost(mailTarget(srv, "smtp"), "k1")})
	err := res[0].Err
	if err == nil || res[0].Attempts != 1 || len(srv.Mails()) != 0 {
		t.Fatalf("%+v", res[0])
	}
	msg := err.Error()
	if strings.Contains(msg, "pw-Secret-42") || strings.Contains(strings.ToLower(msg), "status@example.org") ||
		!strings.Contains(msg, "notify list: login: SMTP 535 Authentication failed for [redacted] with [redacted] (attempt 1 of 3)") {
		t.Errorf("error %q", msg)
	}
}

// A 4xx reply is tried again, a 5xx one is not.
func TestEmailTemporaryAndPermanent(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "status@example.org", Password: "pw-Secret-42"})
	srv.AnswerRcpt(func(n int) error {
		if n == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	})
	target := mailTarget(srv, "smtp")
	target.To = target.To[:1]
	res := mailSender(srv).Deliver(context.Background(), []Post{incidentPost(target, "k1")})
	if res[0].Err != nil || res[0].Attempts != 2 || len(srv.Mails()) != 1 {
		t.Errorf("temporary: %+v, %d mails", res[0], len(srv.Mails()))
	}
	srv.AnswerRcpt(func(int) error {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such list"}
	})
	res = mailSender(srv).Deliver(context.Background(), []Post{incidentPost(target, "k2")})
	if res[0].Err == nil || res[0].Attempts != 1 || !strings.Contains(res[0].Err.Error(), "RCPT TO: SMTP 550 no such list") {
		t.Errorf("permanent: %+v", res[0])
	}
}

// A server that offers no STARTTLS gets neither the password nor the
// mail; a certificate the client does not trust is not used either.
func TestEmailNeedsTLS(t *testing.T) {
	plain := notifytest.NewSMTP(t, notifytest.Options{NoTLS: true})
	res := mailSender(plain).Deliver(context.Background(), []Post{incidentPost(mailTarget(plain, "smtp"), "k1")})
	if res[0].Err == nil || res[0].Attempts != 1 || !strings.Contains(res[0].Err.Error(), "does not offer STARTTLS") || len(plain.Mails()) != 0 {
		t.Errorf("no STARTTLS: %+v", res[0])
	}
	srv := notifytest.NewSMTP(t, notifytest.Options{})
	s := NewSender(Options{Getenv: func(k string) string { return mailEnv[k] }})
	res = s.Deliver(context.Background(), []Post{incidentPost(mailTarget(srv, "smtp"), "k1")})
	if res[0].Err == nil || res[0].Attempts != 1 || !strings.Contains(res[0].Err.Error(), "STARTTLS: the server's certificate is not trusted") || len(srv.Mails()) != 0 {
		t.Errorf("untrusted certificate: %+v", res[0])
	}
}

// Nothing in a post or the environment adds a header: a subject with line
// breaks stays one header, a From that expands to two lines is a
// configuration error.
func TestEmailHeaderInjection(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "status@example.org", Password: "pw-Secret-42"})
	target := mailTarget(srv, "smtp")
	p := incidentPost(target, "k1")
	p.Subject = "Outage\r\nBcc: victim@example.net\r\n\r\nbody"
	p.Site = "Site\r\nX-Injected: 1"
	res := mailSender(srv).Deliver(context.Background(), []Post{p})
	if res[0].Err != nil || len(srv.Mails()) != 1 {
		t.Fatalf("%+v", res[0])
	}
	h, _ := notifytest.ReadMail(t, srv.Mails()[0].Data)
	if h.Get("Bcc") != "" || h.Get("X-Injected") != "" || h.Get("Subject") != "Outage Bcc: victim@example.net body" {
		t.Errorf("headers %v", h)
	}
	target.From = "${EVIL}"
	s := NewSender(Options{Getenv: func(string) string { return "a@example.org\r\nBcc: victim@example.net" }, TLSConfig: &tls.Config{RootCAs: srv.Pool}})
	res = s.Deliver(context.Background(), []Post{incidentPost(target, "k2")})
	var ce *ConfigError
	if !errors.As(res[0].Err, &ce) || strings.Contains(res[0].Err.Error(), "victim") || len(srv.Mails()) != 1 {
		t.Errorf("%+v", res[0])
	}
}

// An alert to an email target is a mail with the headline as subject.
func TestEmailAlert(t *testing.T) {
	srv := notifytest.NewSMTP(t, notifytest.Options{User: "status@example.org", Password: "pw-Secret-42"})
	d := mailSender(srv).Send(context.Background(), []Message{downMessage(mailTarget(srv, "smtp"))})
	if d[0].Err != nil || len(srv.Mails()) != 1 {
		t.Fatalf("%+v", d[0])
	}
	h, parts := notifytest.ReadMail(t, srv.Mails()[0].Data)
	subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if subject != "[Example status] 🔴 Website is down: https: HTTP 502" || h.Get("In-Reply-To") != "" ||
		!strings.Contains(parts[0].Text, "https://status.example.org/components/web/") {
		t.Errorf("alert mail: %q %+v", subject, parts)
	}
}

// A server that takes the connection and never greets costs the target's
// timeout, not the SMTP client's minutes.
func TestEmailHungServer(t *testing.T) {
	addr := probetest.SilentTCP(t)
	target := status.NotifyTarget{ID: "hung", Type: status.NotifyEmail, URL: "smtp://" + addr, From: "a@example.org", To: []string{"b@example.org"}, Timeout: 300 * time.Millisecond}
	p := incidentPost(target, "k1")
	done := make(chan []PostResult)
	go func() { done <- NewSender(Options{Attempts: 1}).Deliver(context.Background(), []Post{p}) }()
	select {
	case res := <-done:
		if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "no answer within 300ms") {
			t.Errorf("%+v", res[0])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Deliver outlived the target's timeout")
	}
}
