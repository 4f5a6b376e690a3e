package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

// checkCalendars reads every calendar with a real iCalendar library, which
// must decode it, find every event's text and encode it again, and checks
// the line rules RFC 5545 sets that a lenient reader might forgive.
func checkCalendars(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		if !utf8.Valid(b) {
			t.Errorf("%s: invalid UTF-8", p)
		}
		for i, l := range strings.SplitAfter(string(b), "\r\n") {
			if l == "" {
				continue
			}
			if !strings.HasSuffix(l, "\r\n") || strings.ContainsAny(strings.TrimSuffix(l, "\r\n"), "\r\n") {
				t.Errorf("%s: line %d does not end in CRLF alone: %q", p, i+1, l)
			}
			if len(l) > maxLine+2 {
				t.Errorf("%s: line %d has %d octets", p, i+1, len(l)-2)
			}
			for _, r := range strings.TrimSuffix(l, "\r\n") {
				if r < 0x20 && r != '\t' || r == 0x7f {
					t.Errorf("%s: line %d holds control character %U", p, i+1, r)
				}
			}
		}
		cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, e := range cal.Events() {
			for _, prop := range []string{"SUMMARY", "DESCRIPTION"} {
				if _, err := e.Props.Text(prop); err != nil {
					t.Errorf("%s: %s: %v", p, prop, err)
				}
			}
		}
		var buf bytes.Buffer
		if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
			t.Errorf("%s: not a valid calendar: %v", p, err)
		}
	}
}

// Whatever text gets past buoy check, every calendar stays valid.
func TestAnyTextKeepsCalendarsValid(t *testing.T) {
	for _, text := range statustest.HostileTexts() {
		checkCalendars(t, statustest.Write(t, Files, statustest.WithText(text)))
	}
	// The text still reads as written, where the format can hold it.
	cal, err := goical.NewDecoder(bytes.NewReader(statustest.Write(t, Files, statustest.WithText(" a;b,c\\d"))[File])).Decode()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cal.Events() {
		if s, _ := e.Props.Text("SUMMARY"); !strings.HasSuffix(s, " a;b,c\\d") {
			t.Errorf("SUMMARY = %q", s)
		}
	}
}

func FuzzCalendars(f *testing.F) {
	for _, text := range statustest.HostileTexts() {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkCalendars(t, statustest.Write(t, Files, statustest.WithText(text)))
	})
}
