package scaffold

import (
	"regexp"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Website returns 502", "website-returns-502"},
		{"Panne réseau", "panne-reseau"},
		{"  Ça coûte: 20 € / mois!  ", "ca-coute-20-mois"},
		{"Straße gesperrt, Øresund æble", "strasse-gesperrt-oresund-aeble"},
		{"Can't reach the API", "cant-reach-the-api"},
		{"Ｆｕｌｌｗｉｄｔｈ ＡＰＩ", "fullwidth-api"},
		{"API 障害", "api"},
		{"São Paulo: lentidão no login", "sao-paulo-lentidao-no-login"},
		{"A very long title that goes on and on about the many things that broke today", "a-very-long-title-that-goes-on-and-on-about-the"},
		// No Latin letter: a stable name from a hash of the title.
		{"ネットワーク障害", "incident-219914"},
		{"ネットワーク障害 ", "incident-219914"},
		{"障害 2", "incident-e68cd3"},
		{"!!!", "incident-e84c53"},
	} {
		got := Slug(tc.title, "incident")
		if got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
		}
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(got) || len(got) > maxSlug {
			t.Errorf("Slug(%q) = %q is not a valid slug", tc.title, got)
		}
	}
	if a, b := Slug("障害A", "x"), Slug("障害B", "x"); a == b {
		t.Errorf("different titles give the same slug %q", a)
	}
}
