package statustest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

// HostileTexts returns strings that have broken XML, iCalendar or JSON
// writers somewhere: control characters, noncharacters, invalid UTF-8,
// markup, CDATA's end, iCalendar's separators, direction overrides and line
// separators. buoy check refuses some of them; the writers must still
// produce valid files with any of them.
func HostileTexts() []string {
	return []string{
		"\x00\x01\x02\x08\x0b\x0c\x0e\x1b[31m\x7f",
		"\uFFFE\uFFFF\uFDD0\U0010FFFF",
		"bad \xff\xfe\xc3( UTF-8 \xe2\x82",
		"]]> and <![CDATA[ x ]]]]><![CDATA[>",
		"<script>alert(1)</script> & &amp; \"'",
		"\u202eevil\u202c \u2066isolate\u2069 \u200f",
		"line\r\nbreaks\rand\n\nmore\u2028\u2029\u0085",
		"ical \\ ; , : \\n \"quoted\"",
		"\t tabs \t and trailing backslash \\",
		strings.Repeat("é日🛟", 40),
	}
}

// WithText returns SmallSite with text added to every string a user
// writes: the site's title and description, every component's name, group
// and description, every incident's title, update texts and postmortem.
func WithText(text string) *status.Snapshot {
	s := SmallSite()
	cfg := *s.Config
	cfg.Title += text
	cfg.Description += text
	cfg.Components = append([]status.Component(nil), cfg.Components...)
	for i := range cfg.Components {
		c := &cfg.Components[i]
		c.Name += text
		if c.Group != "" {
			c.Group += text
		}
		c.Description += text
	}
	incidents := append([]status.Incident(nil), s.Incidents...)
	for i := range incidents {
		in := &incidents[i]
		in.Title += text
		in.Postmortem += text
		in.Updates = append([]status.Update(nil), in.Updates...)
		for j := range in.Updates {
			in.Updates[j].Text += text
		}
	}
	return status.NewSnapshot(&cfg, incidents, s.Now)
}

// WellFormedXML reads data as a strict XML parser does, to its end: an
// illegal character, invalid UTF-8 or broken markup is an error.
func WellFormedXML(data []byte) error {
	d := xml.NewDecoder(strings.NewReader(string(data)))
	d.Strict = true
	roots := 0
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements, want 1", roots)
	}
	return nil
}

// Writer is an output writer: the files it writes for a snapshot.
type Writer func(*status.Snapshot) (map[string][]byte, error)

// Write has w write the files of s; an error fails the test.
func Write(t testing.TB, w Writer, s *status.Snapshot) map[string][]byte {
	t.Helper()
	files, err := w(s)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// AnyText has w write a site whose every text is each of HostileTexts in
// turn, and check its files: whatever text gets past buoy check, the
// output stays valid.
func AnyText(t *testing.T, w Writer, check func(*testing.T, map[string][]byte)) {
	t.Helper()
	for _, text := range HostileTexts() {
		check(t, Write(t, w, WithText(text)))
	}
}

// FuzzText is AnyText for any text the fuzzer makes, seeded with
// HostileTexts.
func FuzzText(f *testing.F, w Writer, check func(*testing.T, map[string][]byte)) {
	for _, text := range HostileTexts() {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		check(t, Write(t, w, WithText(text)))
	})
}
