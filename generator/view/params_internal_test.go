package view

import (
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// A time reads as each language's dateTime string says, its parts in any
// order; a language whose theme has no such string shows them apart.
func TestStampText(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &status.Config{Timezone: "Europe/Paris", Location: loc, Language: "en", Languages: []string{"en", "fr", "ja", "pt-BR"}}
	f := newFormatter(cfg, DateTimeJoins{
		"en":    MarkDate + " at " + MarkTime + " " + MarkZone,
		"fr":    MarkTime + " (" + MarkZone + "), le " + MarkDate,
		"pt-br": "[" + MarkDate + "]",
	})
	s := f.stamp(time.Date(2024, 4, 10, 14, 5, 0, 0, time.UTC))
	for lang, want := range map[string]string{
		"en":    "April 10, 2024 at 4:05\u202fpm CEST",
		"fr":    "16:05 (CEST), le 10 avril 2024",
		"ja":    "2024年4月10日 16:05 CEST",
		"pt-br": "[10 de abril de 2024]",
	} {
		if got := s.Text[lang]; got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if s.UTC != "2024-04-10T14:05:00Z" || s.Zone != "CEST" {
		t.Errorf("utc %q zone %q", s.UTC, s.Zone)
	}
}

// A dateTime string is cut at its markers wherever they are; what is not
// a known marker shows nothing, and text around the markers stays.
func TestJoinFormat(t *testing.T) {
	for _, c := range []struct{ join, want string }{
		{"", ""},
		{"plain", "plain"},
		{MarkZone + MarkDate, "ZD"},
		{"(" + MarkTime + ")", "(T)"},
		{MarkDate + MarkDate, "DD"},
		{"a\x00Xb", "ab"},
		{"end\x00", "end\x00"},
	} {
		if got := parseJoin(c.join).fill("D", "T", "Z"); got != c.want {
			t.Errorf("%q: %q, want %q", c.join, got, c.want)
		}
	}
}

// A formatter keeping its parts formats every time as one that does not:
// across days, minutes, both sides of a change of offset (Paris in
// spring and autumn, where 02:30 comes twice), in several languages.
func TestStampParts(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &status.Config{Timezone: "Europe/Paris", Location: loc, Language: "en", Languages: []string{"en", "fr", "ja"}}
	f := newFormatter(cfg, DateTimeJoins{"fr": MarkTime + " (" + MarkZone + "), le " + MarkDate})
	kept := f.withParts()
	for _, start := range []time.Time{
		time.Date(2024, 3, 30, 20, 0, 0, 0, time.UTC),
		time.Date(2024, 10, 26, 20, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 22, 0, 0, 0, time.UTC),
	} {
		// Every 7 minutes over two days, twice: the second pass reads
		// what the first kept.
		for range 2 {
			for at := start; at.Before(start.Add(48 * time.Hour)); at = at.Add(7 * time.Minute) {
				want, got := f.stamp(at), kept.stamp(at)
				for lang, text := range want.Text {
					if got.Text[lang] != text {
						t.Fatalf("%s in %s: %q, want %q", at, lang, got.Text[lang], text)
					}
				}
				if len(got.Text) != len(want.Text) || got.Zone != want.Zone || got.Local != want.Local {
					t.Fatalf("%s: %+v, want %+v", at, got, want)
				}
			}
		}
	}
	if len(kept.parts.dates) == 0 || len(kept.parts.times) == 0 {
		t.Error("nothing kept")
	}
}
