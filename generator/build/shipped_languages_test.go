package build_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// blips writes n short incidents in one month of 2024, so the history
// counts them: 21, 5 and 2 take the three integer forms of Russian.
func blips(month string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		day := fmt.Sprintf("2024-%s-%02d", month, i)
		fmt.Fprintf(&b, "-- incidents/%s-blip.yaml --\ntitle: Blip %d\ncomponents: [api]\nimpact: minor\n"+
			"started: %sT10:00:00Z\nresolved: %sT10:30:00Z\n"+
			"updates:\n  - { at: %sT10:30:00Z, status: resolved, text: Fixed. }\n", day, i, day, day, day)
	}
	return b.String()
}

// shippedFiles is a site in Moscow's zone (UTC+3) with a resolved incident
// in April and 2, 5 and 21 incidents in March, February and January.
func shippedFiles(languages string) string {
	return `
-- status.yaml --
title: Acme status
base_url: https://status.example.org/acme/
timezone: Europe/Moscow
` + languages + `
components:
  - {id: website, name: Website}
  - {id: api, name: Public API}
-- incidents/2024-04-10-website-down.yaml --
title: Website down after a deploy
components: [website]
impact: critical
started: 2024-04-10T14:00:00Z
detected: 2024-04-10T14:05:00Z
resolved: 2024-04-10T15:25:00Z
updates:
  - { at: 2024-04-10T15:25:00Z, status: resolved, text: Back to normal. }
` + blips("03", 2) + blips("02", 5) + blips("01", 21)
}

// The languages added to the theme after the first four, each on its own
// pages: its words, its dates and durations (no-break spaces before units
// where the language writes them), its month names (Russian in the
// nominative, not the genitive CLDR's format gives), and its plurals.
func TestBuildShippedLanguages(t *testing.T) {
	s := sitetest.Test(t, shippedFiles("language: en\nlanguages: [en, de, es, zh-Hans, ru]"), now)
	const nbsp = "\u00a0"
	tests := []struct {
		lang, dir string
		// Words of the home page: the navigation, the two ends of the
		// uptime bars.
		nav, barsStart, barsEnd string
		// The incident: its start (17:00 in Moscow), its duration, a
		// component's state during it.
		started, duration, state, during string
		// The history: April's heading, and the counts of January (21),
		// February (5) and March (2).
		april, jan, feb, mar string
	}{
		{"de", "de/", "Aktueller Status", "Vor 90 Tagen", "Heute",
			"10. April 2024 um 17:00 MSK", "1" + nbsp + "h 25" + nbsp + "min", "Schwerer Ausfall", "während dieser Störung",
			"April 2024", "21 Störungen", "5 Störungen", "2 Störungen"},
		{"es", "es/", "Estado actual", "Hace 90 días", "Hoy",
			"10 de abril de 2024, 17:00 MSK", "1" + nbsp + "h 25" + nbsp + "min", "Interrupción grave", "durante este incidente",
			"abril de 2024", "21 incidentes", "5 incidentes", "2 incidentes"},
		{"zh-Hans", "zh-hans/", "当前状态", "90天前", "今天",
			"2024年4月10日 17:00 MSK", "1小时25分钟", "严重中断", "在此故障期间",
			"2024年4月", "21次故障", "5次故障", "2次故障"},
		{"ru", "ru/", "Текущий статус", "90 дней назад", "Сегодня",
			"10 апреля 2024" + nnbsp + "г. в 17:00 MSK", "1" + nbsp + "ч 25" + nbsp + "мин", "Серьёзный сбой", "во время этого инцидента",
			"Апрель 2024", "21 инцидент<", "5 инцидентов", "2 инцидента"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			htmlLang := `<html lang="` + tc.lang + `">`
			s.AssertFileContent(tc.dir+"index.html", htmlLang, `>`+tc.nav+`</a>`,
				`<span class="ends" aria-hidden="true"><span>`+tc.barsStart+`</span><span>`+tc.barsEnd+`</span></span>`,
				"! >Current status<", "! days ago")

			inc := tc.dir + "incidents/2024-04-10-website-down/index.html"
			s.AssertFileContent(inc, htmlLang,
				`<time datetime="2024-04-10T14:00:00Z">`+tc.started+`</time>`,
				`<dd><span class="dur">`+tc.duration+`</span></dd>`,
				tc.state, tc.during)

			s.AssertFileContent(tc.dir+"history/index.html", htmlLang,
				`>`+tc.april+`</a>`, tc.mar, tc.feb, tc.jan, "! incidents<")
			s.AssertFileContent(tc.dir+"history/2024-04/index.html", `<h1>`+tc.april+`</h1>`)
		})
	}
	// A whole number of days takes its own plural form, not a decimal's.
	s.AssertFileContent("ru/index.html", "доступность за последние 90 дней\"", "! 90 дня\"")
	// Every Russian month in the nominative, not CLDR's genitive "января".
	s.AssertFileContent("ru/history/index.html", `>Март 2024</a>`, `>Февраль 2024</a>`, `>Январь 2024</a>`, "! января 2024<")
	// Each language is named in itself in the switcher.
	s.AssertFileContent("index.html", `hreflang="zh-Hans" lang="zh-Hans"`, `>简体中文</a>`, `hreflang="ru" lang="ru"`, `>Русский</a>`)
}

// A site whose default language is Russian: pages at the root, the other
// language under its lower-case folder, and the words buoy writes itself
// (feeds, the calendar, the API) in Russian.
func TestBuildRussianDefault(t *testing.T) {
	s := sitetest.Test(t, shippedFiles("language: ru\nlanguages: [ru, zh-Hans]"), now)
	s.AssertFileContent("index.html", `<html lang="ru">`, `Текущий статус`)
	s.AssertFileContent("zh-hans/index.html", `<html lang="zh-Hans">`, `当前状态`)
	s.AssertFileContent("rss.xml", `<description>Устранено. Критическое влияние. Затрагивает: Website.</description>`)
	s.AssertFileContent("maintenance.ics", `X-WR-CALNAME:Технические работы: Acme status`)
	s.AssertFileContent("api/v2/status.json", `"description": "Все системы работают нормально"`)
	s.AssertFileExists("ru/index.html", false)
}
