package outputtest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// Calendar reads a calendar with a real iCalendar library, then has the
// same library encode it again: its encoder refuses calendars that lack
// required properties or components.
func Calendar(b []byte) (*goical.Calendar, error) {
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("not a valid calendar: %w", err)
	}
	return cal, nil
}

// MaxLine is the longest content line RFC 5545 allows, in octets, CRLF
// left out.
const MaxLine = 75

// ContentLines checks what RFC 5545 asks of the bytes, which a lenient
// parser would not notice: CRLF line ends, no line longer than MaxLine, no
// fold inside a character, no empty line.
func ContentLines(s string) error {
	if !strings.HasSuffix(s, "\r\n") {
		return fmt.Errorf("does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		switch {
		case strings.ContainsAny(l, "\r\n"):
			return fmt.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		case len(l) > MaxLine:
			return fmt.Errorf("line %d is %d octets, more than %d: %q", i+1, len(l), MaxLine, l)
		case !utf8.ValidString(l):
			return fmt.Errorf("line %d is not valid UTF-8 (a fold split a character?): %q", i+1, l)
		case l == "":
			return fmt.Errorf("line %d is empty", i+1)
		}
	}
	return nil
}
