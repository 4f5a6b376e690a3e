package notify

import (
	"errors"
	"sort"
	"strings"
	"unicode"
)

// errTooLong is a message whose subject and link alone exceed the
// channel's limit.
var errTooLong = errors.New("the link alone is longer than the channel allows")

// fitter says whether a message of this subject and body fits its
// channel, rendered in the channel's format.
type fitter func(subject string, body []block) bool

// cutToFit returns the longest message that fits: the whole body, or the
// body cut after a word and ended with "…" (any markup of the cut run is
// closed by rendering the cut tree); when not even the first word fits,
// the subject cut likewise, with no body. The link is never cut.
func cutToFit(subject string, body []block, fits fitter) (string, []block, error) {
	if fits(subject, body) {
		return subject, body, nil
	}
	total := 0
	for _, b := range body {
		total += len(b.ends())
	}
	// Rendered length grows with every word kept: search for the last
	// prefix that fits.
	n := sort.Search(total, func(n int) bool { return n > 0 && !fits(subject, prefix(body, n)) })
	if n > 1 {
		return subject, prefix(body, n-1), nil
	}
	cut := []block{{kind: kindPara, spans: []span{{text: ellipsis}}}}
	if len(body) > 0 && fits(subject, cut) {
		return subject, cut, nil
	}
	subject, ok := cutWords(subject, func(s string) bool { return fits(s, nil) })
	if !ok {
		return "", nil, errTooLong
	}
	return subject, nil, nil
}

// cutWords returns the longest start of s, cut after a word and ended
// with "…", that fits; false when not even "…" does.
func cutWords(s string, fits func(string) bool) (string, bool) {
	words := strings.Fields(s)
	cut := func(n int) string {
		if n >= len(words) {
			return s
		}
		return strings.Join(words[:n], " ") + ellipsis
	}
	n := sort.Search(len(words)+1, func(n int) bool { return !fits(cut(n)) })
	if n == 0 {
		return "", false
	}
	return cut(n - 1), true
}

// ends returns the byte offsets in the block's text where each word ends.
func (b block) ends() []int {
	var ends []int
	off, inWord := 0, false
	for _, s := range b.spans {
		for i, r := range s.text {
			if unicode.IsSpace(r) {
				if inWord {
					ends = append(ends, off+i)
				}
				inWord = false
			} else {
				inWord = true
			}
		}
		off += len(s.text)
	}
	if inWord {
		ends = append(ends, off)
	}
	return ends
}

// prefix is the body's first n words (n at least 1, fewer than it has),
// ended with "…".
func prefix(body []block, n int) []block {
	var out []block
	for _, b := range body {
		e := b.ends()
		if len(e) < n {
			out = append(out, b)
			n -= len(e)
			continue
		}
		return append(out, b.upTo(e[n-1]))
	}
	return out
}

// upTo keeps the block's text up to byte offset at, and adds "…".
func (b block) upTo(at int) block {
	out := b
	out.spans = nil
	off := 0
	for _, s := range b.spans {
		if off+len(s.text) >= at {
			s.text = s.text[:at-off] + ellipsis
			out.spans = append(out.spans, s)
			return out
		}
		out.spans = append(out.spans, s)
		off += len(s.text)
	}
	return out
}
