package view

import (
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Each language the theme ships finds its own CLDR locale (not English's)
// for dates and month names, whatever the case of its tag: Hugo's language
// key of zh-Hans is "zh-hans". Russian's month name is CLDR's genitive,
// right in a date and wrong alone: ru.yaml's monthYear names the month itself.
func TestShippedLocales(t *testing.T) {
	cfg := &status.Config{Timezone: "UTC", Location: time.UTC, Language: "en",
		Languages: []string{"en", "de", "es", "ru", "zh-Hans"}}
	f := newFormatter(cfg, nil)
	at := time.Date(2024, 4, 10, 14, 5, 0, 0, time.UTC)
	s := f.stamp(at)
	m := f.month("2024-04")
	for key, want := range map[string]struct{ text, month string }{
		"de":      {"10. April 2024 14:05 UTC", "April"},
		"es":      {"10 de abril de 2024 14:05 UTC", "abril"},
		"ru":      {"10 апреля 2024\u202fг. 14:05 UTC", "апреля"},
		"zh-hans": {"2024年4月10日 14:05 UTC", "四月"},
	} {
		if got := s.Text[key]; got != want.text {
			t.Errorf("%s: %q, want %q", key, got, want.text)
		}
		if got := m.Names[key]; got != want.month {
			t.Errorf("%s month: %q, want %q", key, got, want.month)
		}
	}
}
