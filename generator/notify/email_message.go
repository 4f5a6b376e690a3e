package notify

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// subjectLimit bounds an email's subject, in characters, so that its
// header stays within the 998 bytes a line may take once folded.
const subjectLimit = 250

// idRE is what a Message-ID's left part may be: a dot-atom.
var idRE = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+$`)

// emailMessage writes p as a MIME message: multipart/alternative with a
// text/plain and a text/html part, both UTF-8 and quoted-printable. Its
// Message-ID is <Key@host> with host the site's, so that a retried send is
// recognised, and a post that is not its thread's first replies to
// <Thread@host>, which mail clients thread on. Every header is one line
// built from checked parts: nothing in a post can add another.
func emailMessage(p Post, from *mail.Address, to []*mail.Address, unsubscribe []string, now time.Time) ([]byte, error) {
	host := messageHost(p.SiteURL, from.Address)
	if host == "" {
		return nil, errors.New("no host for the Message-ID: the site's base_url has none, nor the from address")
	}
	if !idRE.MatchString(p.Key) || !idRE.MatchString(p.Thread) {
		return nil, fmt.Errorf("post key %q or thread %q cannot be a Message-ID", p.Key, p.Thread)
	}
	sender := *from
	if sender.Name == "" {
		sender.Name = plainSubject(p.Site)
	}
	date := p.Time
	if date.IsZero() {
		date = now
	}
	// A word longer than the whole subject cannot be cut after: it is.
	subject, _ := cutWords(plainSubject(p.Subject), func(s string) bool { return utf8.RuneCountInString(s) <= subjectLimit })
	if subject == ellipsis {
		subject = string([]rune(plainSubject(p.Subject))[:subjectLimit-1]) + ellipsis
	}
	body := parseBody(p.Body, p.Link)
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	plain := plainFormat(false).render("", body, p.Link)
	page := htmlPage(subject, p.Language, htmlFormat(false).render("", body, p.Link))
	for _, part := range []struct{ typ, text string }{{"text/plain", plain}, {"text/html", page}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=UTF-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(part.text + "\n")); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}

	var h bytes.Buffer
	header := func(name, value string) {
		h.WriteString(name + ": " + value + "\r\n")
	}
	header("From", sender.String())
	list := make([]string, len(to))
	for i, a := range to {
		list[i] = a.String()
	}
	header("To", strings.Join(list, ",\r\n "))
	header("Subject", encodeSubject(subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+p.Key+"@"+host+">")
	if p.Thread != "" && p.Thread != p.Key {
		header("In-Reply-To", "<"+p.Thread+"@"+host+">")
		header("References", "<"+p.Thread+"@"+host+">")
	}
	if len(unsubscribe) > 0 {
		oneClick := false
		quoted := make([]string, len(unsubscribe))
		for i, u := range unsubscribe {
			quoted[i] = "<" + u + ">"
			oneClick = oneClick || strings.HasPrefix(u, "https:")
		}
		header("List-Unsubscribe", strings.Join(quoted, ",\r\n "))
		if oneClick {
			// RFC 8058: the https URL takes a one-click POST, as list
			// managers' unsubscribe links do.
			header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		}
	}
	if lang := mimeLanguage(p.Language); lang != "" {
		header("Content-Language", lang)
	}
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	for _, line := range strings.Split(strings.TrimSuffix(h.String(), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") || len(line) > 998 {
			return nil, errors.New("a header would not be one line")
		}
	}
	h.WriteString("\r\n")
	h.Write(parts.Bytes())
	return h.Bytes(), nil
}

// messageHost is the host of the site's address, or else of the sender's.
func messageHost(siteURL, from string) string {
	host := ""
	if u, err := url.Parse(siteURL); err == nil {
		host = u.Hostname()
	}
	if host == "" {
		_, host, _ = strings.Cut(from, "@")
	}
	host = strings.ToLower(host)
	if host == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return ""
	}
	return host
}

// encodeSubject writes a subject as RFC 2047 encoded words when it is not
// plain ASCII, or holds what a reader would decode as one ("=?"), folded
// between words so that no line grows past 78 characters where that can
// be helped.
func encodeSubject(s string) string {
	enc := s
	if strings.Contains(s, "=?") || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r > '~' }) {
		enc = qWords(s)
	}
	var b strings.Builder
	line := len("Subject: ")
	for i, w := range strings.Split(enc, " ") {
		if i > 0 {
			if line+1+len(w) > 78 {
				b.WriteString("\r\n")
				line = 0
			}
			b.WriteString(" ")
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// qWords is s as "Q"-encoded words of at most 75 characters, each holding
// whole characters.
func qWords(s string) string {
	const room = 75 - len("=?UTF-8?q?") - len("?=")
	var words []string
	var w strings.Builder
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			var buf [utf8.UTFMax]byte
			for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
				enc += fmt.Sprintf("=%02X", c)
			}
		}
		if w.Len()+len(enc) > room {
			words = append(words, "=?UTF-8?q?"+w.String()+"?=")
			w.Reset()
		}
		w.WriteString(enc)
	}
	if w.Len() > 0 {
		words = append(words, "=?UTF-8?q?"+w.String()+"?=")
	}
	return strings.Join(words, " ")
}

// mimeLanguage is a BCP 47 tag as a header may carry it.
func mimeLanguage(tag string) string {
	if tag == "" || strings.Trim(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return ""
	}
	return tag
}

func htmlPage(subject, lang, body string) string {
	attr := ""
	if l := mimeLanguage(lang); l != "" {
		attr = ` lang="` + l + `"`
	}
	return "<!DOCTYPE html>\n<html" + attr + "><head><meta charset=\"utf-8\"><title>" +
		html.EscapeString(subject) + "</title></head>\n<body>\n" + body + "\n</body></html>"
}
