package lang

import "testing"

func TestPick(t *testing.T) {
	texts := map[string]string{"en": "hello", "fr": "bonjour", "pt-BR": "olá"}
	for tag, want := range map[string]string{
		"fr": "bonjour", "fr-CA": "bonjour", "FR": "bonjour", "pt-BR": "olá", "pt-PT": "olá", "pt": "olá", "de": "hello", "": "hello",
	} {
		if got := Pick(texts, tag); got != want {
			t.Errorf("Pick(%q) = %q, want %q", tag, got, want)
		}
	}
}
