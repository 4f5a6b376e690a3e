package notifytest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// Part is one decoded part of a received mail.
type Part struct {
	Type, Encoding, Text string
}

// ReadMail parses a received mail with net/mail and mime/multipart, and
// fails t when it is not CRLF throughout, not multipart/alternative, or
// has a quoted-printable line longer than 76 characters.
func ReadMail(t testing.TB, data []byte) (mail.Header, []Part) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("a bare LF in the mail")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("mail: %v\n%s", err, data)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []Part
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 76 {
				t.Errorf("quoted-printable line of %d characters", len(line))
			}
		}
		text, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), string(text)})
	}
	return msg.Header, parts
}
