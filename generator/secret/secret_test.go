package secret

import (
	"strings"
	"testing"
)

func TestExpandAndScrub(t *testing.T) {
	env := map[string]string{"TOKEN": "s3cr3t", "HOST": "hooks.example"}
	s := New(func(k string) string { return env[k] })
	got, err := s.Expand("url", "https://${HOST}/x?t=${TOKEN}")
	if err != nil || got != "https://hooks.example/x?t=s3cr3t" {
		t.Fatalf("Expand = %q, %v", got, err)
	}
	if got := s.Scrub(`Post "https://hooks.example/x?t=s3cr3t": refused`); strings.Contains(got, "s3cr3t") || strings.Contains(got, "hooks.example") {
		t.Errorf("Scrub left a secret: %s", got)
	}
	if _, err := s.Expand("token", "${TOKEN}${UNSET}${ALSO}"); err == nil || err.Error() != "token: environment variable UNSET, ALSO is not set" {
		t.Errorf("unset variables: %v", err)
	}
	if got, err := s.Expand("plain", "no references, $HOME or ${bad-name}"); err != nil || got != "no references, $HOME or ${bad-name}" {
		t.Errorf("text without references changed: %q, %v", got, err)
	}
}
