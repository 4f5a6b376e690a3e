package notify

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Alerts speak the site's language, outage lengths in the pages' units,
// and a repository's i18n/ changes their words as it changes the pages'.
func TestHeadlineInSiteLanguage(t *testing.T) {
	book, problems, err := words.Load(fstest.MapFS{"i18n/en.yaml": {Data: []byte("alertRecovered: \"{{ .Component }} is back\"\n")}}, "")
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang  string
		alert status.Alert
		since time.Duration
		want  string
	}{
		{"en", status.AlertDown, 0, "🔴 Website is down: https: HTTP 502"},
		{"en", status.AlertRecovered, 30 * time.Second, "✅ Website has recovered after 1 min"},
		{"en", status.AlertRecovered, 125 * time.Minute, "✅ Website has recovered after 2 h 5 min"},
		{"en", status.AlertRecovered, 3 * time.Hour, "✅ Website has recovered after 3 h"},
		{"en", status.AlertRecovered, 50 * time.Hour, "✅ Website has recovered after 2 d 2 h"},
		{"en", status.AlertRecovered, -1, "✅ Website is back"},
		{"fr-CA", status.AlertDegraded, 0, "🟠 Website est dégradé : https: HTTP 502"},
		{"fr", status.AlertRecovered, 50 * time.Hour, "✅ Website est rétabli après 2 j 2 h"},
		{"ja", status.AlertRecovered, 125 * time.Minute, "✅ Website が復旧しました（2時間5分）"},
		{"pt-BR", status.AlertDown, 0, "🔴 Website está fora do ar: https: HTTP 502"},
		{"de", status.AlertDown, 0, "🔴 Website ist ausgefallen: https: HTTP 502"},
		{"es", status.AlertDegraded, 0, "🟠 Website tiene el rendimiento degradado: https: HTTP 502"},
		{"ru", status.AlertRecovered, 125 * time.Minute, "✅ Website: работа восстановлена через 2\u00a0ч 5\u00a0мин"},
		{"ru", status.AlertRecovered, 50 * time.Hour, "✅ Website: работа восстановлена через 2\u00a0дн. 2\u00a0ч"},
		{"zh-Hans", status.AlertRecovered, 125 * time.Minute, "✅ Website已恢复（中断2小时5分钟）"},
		{"nl", status.AlertDown, 0, "🔴 Website is down: https: HTTP 502"},
	} {
		m := Message{Component: status.Component{ID: "web", Name: "Website"}, Alert: c.alert, Reason: "https: HTTP 502", Time: at, Language: c.lang, Words: book}
		if c.since > 0 {
			m.Since = at.Add(-c.since)
		}
		if got := m.Headline(); got != c.want {
			t.Errorf("%s %s %v: %q, want %q", c.lang, c.alert, c.since, got, c.want)
		}
	}
}
