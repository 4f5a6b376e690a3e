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

// TestPickVariantsInOrder: among variants of one language, the first in
// alphabetical order wins every time, whatever the map's order.
func TestPickVariantsInOrder(t *testing.T) {
	texts := map[string]string{"en": "hello", "pt-PT": "olá (PT)", "pt-BR": "olá (BR)", "fr-CA": "bonjour (CA)", "fr": "bonjour", "fr-BE": "bonjour (BE)"}
	for range 200 {
		if got := Pick(texts, "pt-AO"); got != "olá (BR)" {
			t.Fatalf("Pick(pt-AO) = %q, want pt-BR's", got)
		}
		if got := Pick(texts, "fr-CH"); got != "bonjour" {
			t.Fatalf("Pick(fr-CH) = %q, want fr's", got)
		}
	}
}
