// Package secret expands the ${VAR} references of status.yaml from the
// environment and keeps the values it read, so that whatever is written to
// history, logs or reports can be scrubbed of them.
package secret

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var ref = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Redacted stands in for a secret in scrubbed text.
const Redacted = "[redacted]"

// Set expands references and remembers the values it expanded. It is not
// safe for concurrent use: each probe run and each alert has its own.
type Set struct {
	getenv func(string) string
	values []string
	// scrubber matches every value in every form Scrub knows; nil until
	// needed, and again after a new value is expanded.
	scrubber *scrubber
}

// New returns a Set reading the environment through getenv.
func New(getenv func(string) string) *Set {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return &Set{getenv: getenv}
}

// Refers reports whether v holds a ${VAR} reference, that is whether its
// expansion may carry a secret.
func Refers(v string) bool { return ref.MatchString(v) }

// Expand replaces every ${VAR} of s. An unset or empty variable is an
// error naming it, never an empty string sent on: a literal "${TOKEN}" or
// a blank one would report a failure that is really a CI misconfiguration.
// what says where s comes from, for the error.
func (s *Set) Expand(what, v string) (string, error) {
	var missing []string
	out := ref.ReplaceAllStringFunc(v, func(m string) string {
		name := m[2 : len(m)-1]
		val := s.getenv(name)
		if val == "" {
			missing = append(missing, name)
		} else {
			s.remember(val)
		}
		return val
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("%s: environment variable %s is not set", what, strings.Join(missing, ", "))
	}
	return out, nil
}

func (s *Set) remember(val string) {
	for _, v := range s.values {
		if v == val {
			return
		}
	}
	s.values = append(s.values, val)
	s.scrubber = nil
}

// Scrub replaces every value expanded so far in text meant for people or
// files, in case a server or library echoed one back: as it is, in any
// letter case, and in the encodings a server or library may put it in
// (see forms.go). It is the one gate between what a target says and what
// buoy writes: cut text only after scrubbing it (Excerpt), or a cut
// secret would no longer match and leak in part.
func (s *Set) Scrub(text string) string {
	if len(s.values) == 0 || text == "" {
		return text
	}
	return s.compiled().scrub(text)
}

// Excerpt is what an error may quote of data read from a server: scrubbed
// (ScrubRead), trimmed, and only then shortened to at most n bytes, on a
// character boundary, marked "…". Cutting first would leave part of a
// secret that no longer matches it.
func (s *Set) Excerpt(data []byte, truncated bool, n int) string {
	return cut(strings.TrimSpace(s.ScrubRead(data, truncated)), n)
}

// ScrubRead scrubs data read from a server. When a read limit cut it
// short (truncated), the end could hold the first part of a secret, which
// no longer matches: the last bytes, as many as the longest form of a
// secret, are dropped before scrubbing.
func (s *Set) ScrubRead(data []byte, truncated bool) string {
	if truncated && len(s.values) > 0 {
		n := s.compiled().longest
		if n >= len(data) {
			return "…"
		}
		data = data[:len(data)-n]
		return s.Scrub(string(data)) + "…"
	}
	return s.Scrub(string(data))
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// Longest is how many bytes the longest form of a secret expanded so far
// can take: a reader that wants every echo whole reads that much beyond
// what it shows.
func (s *Set) Longest() int {
	if len(s.values) == 0 {
		return 0
	}
	return s.compiled().longest
}

func (s *Set) compiled() *scrubber {
	if s.scrubber == nil {
		s.scrubber = compile(s.values)
	}
	return s.scrubber
}
