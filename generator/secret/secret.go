// Package secret expands the ${VAR} references of status.yaml from the
// environment and keeps the values it read, so that whatever is written to
// history, logs or reports can be scrubbed of them.
package secret

import (
	"fmt"
	"regexp"
	"strings"
)

var ref = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Set expands references and remembers the values it expanded.
type Set struct {
	getenv func(string) string
	values []string
}

// New returns a Set reading the environment through getenv.
func New(getenv func(string) string) *Set {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return &Set{getenv: getenv}
}

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
			s.values = append(s.values, val)
		}
		return val
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("%s: environment variable %s is not set", what, strings.Join(missing, ", "))
	}
	return out, nil
}

// Scrub replaces every value expanded so far in text meant for people or
// files, in case a server or library echoed one back.
func (s *Set) Scrub(text string) string {
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, "[redacted]")
	}
	return text
}
