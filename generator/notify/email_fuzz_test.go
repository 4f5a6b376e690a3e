package notify

import (
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/notify/notifytest"
)

// Whatever a post holds, its mail parses, has exactly the headers buoy
// writes, each once, and both parts.
func FuzzEmailMessage(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, h, h)
	}
	f.Add(strings.Repeat("é", 400), "**x**", "Site")
	f.Add(strings.Repeat("w", 2000), "", "")
	f.Add("=?UTF-8?q?=0D=0ABcc:_x?=", "body", "Site\r\nBcc: x@example.org")
	from := &mail.Address{Address: "status@example.org"}
	to := []*mail.Address{{Name: "Liste é", Address: "list@example.org"}}
	f.Fuzz(func(t *testing.T, subject, body, site string) {
		p := Post{
			Key: "k2", Thread: "k1", Subject: subject, Body: body, Site: site, Link: testLink,
			SiteURL: "https://status.example.org/", Language: "fr", Time: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
		}
		data, err := emailMessage(p, from, to, []string{"https://lists.example.org/u"}, p.Time)
		if err != nil {
			t.Fatal(err)
		}
		h, parts := notifytest.ReadMail(t, data)
		var keys []string
		for k, v := range h {
			if len(v) != 1 {
				t.Fatalf("%s %d times", k, len(v))
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"Content-Language", "Content-Type", "Date", "From", "In-Reply-To", "List-Unsubscribe", "List-Unsubscribe-Post", "Message-Id", "Mime-Version", "References", "Subject", "To"}
		if !slices.Equal(keys, want) {
			t.Fatalf("headers %v", keys)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
		if err != nil || strings.ContainsAny(got, "\r\n") || len([]rune(got)) > subjectLimit {
			t.Fatalf("subject %q: %v", got, err)
		}
		if _, err := mail.ParseAddress(h.Get("From")); err != nil {
			t.Fatalf("From %q: %v", h.Get("From"), err)
		}
		if len(parts) != 2 || !strings.Contains(parts[0].Text, testLink) {
			t.Fatalf("parts %+v", parts)
		}
	})
}
