package build_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// multilingual is siteFiles built in the four languages the theme ships.
var multilingual = strings.Replace(siteFiles, "timezone: Asia/Tokyo\n", "timezone: Asia/Tokyo\nlanguage: en\nlanguages: [en, fr, ja, pt-BR]\n", 1)

// Every page exists in every language, under /<lang>/ but for the default,
// with the UI translated, dates and durations formatted for the language,
// and the incident's own text marked with its own language.
func TestBuildLanguages(t *testing.T) {
	out := mustBuild(t, newRepo(t, multilingual))
	tests := []struct {
		lang, dir string
		// Strings of the language: the banner, a heading, the website
		// incident's start (23:00 in Tokyo), its duration, a month.
		banner, heading, started, duration, month, notFound string
	}{
		{"en", "", "Partial system outage", "Affected components",
			"April 10, 2024 at 11:00" + nnbsp + "pm JST", "1 h 25 min", "April 2024", "Page not found"},
		{"fr", "fr/", "Panne partielle", "Composants touchés",
			"10 avril 2024 à 23:00 JST", "1 h 25 min", "avril 2024", "Page introuvable"},
		{"ja", "ja/", "システムの一部で障害が発生しています", "影響を受けたコンポーネント",
			"2024年4月10日 23:00 JST", "1時間25分", "2024年4月", "ページが見つかりません"},
		{"pt-BR", "pt-br/", "Falha parcial nos sistemas", "Componentes afetados",
			"10 de abril de 2024 às 23:00 JST", "1 h 25 min", "abril de 2024", "Página não encontrada"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			htmlLang := `<html lang="` + tc.lang + `">`
			home := read(t, out, tc.dir+"index.html")
			contains(t, "home", home, htmlLang, `<p class="banner state-major">`, tc.banner)

			inc := read(t, out, tc.dir+"incidents/2024-04-10-website-down/index.html")
			contains(t, "incident", inc, htmlLang,
				`<link rel="canonical" href="https://status.example.org/acme/`+tc.dir+`incidents/2024-04-10-website-down/">`,
				`<time datetime="2024-04-10T14:00:00Z">`+tc.started+`</time>`,
				`<dd><span class="dur">`+tc.duration+`</span></dd>`,
				tc.heading)

			comp := read(t, out, tc.dir+"components/api/index.html")
			up := strings.Repeat("../", strings.Count(tc.dir, "/"))
			contains(t, "component", comp, htmlLang, `<h1 dir="auto">Public API</h1>`,
				`href="../../`+up+tc.dir+`incidents/2024-05-01-api-errors/index.html"`)

			contains(t, "history", read(t, out, tc.dir+"history/index.html"), htmlLang,
				`<a href="../`+up+tc.dir+`history/2024-04/index.html">`+tc.month+`</a>`)
			contains(t, "month", read(t, out, tc.dir+"history/2024-04/index.html"), htmlLang, `<h1>`+tc.month+`</h1>`)
			contains(t, "404", read(t, out, tc.dir+"404.html"), htmlLang, tc.notFound)

			// Feeds are built once, at the root, and every language
			// announces them there.
			for name, page := range map[string]string{"home": home, "incident": inc, "component": comp} {
				contains(t, name, page,
					`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/rss.xml"`,
					`<link rel="alternate" type="application/feed+json" href="https://status.example.org/acme/feed.json"`)
			}
			// The subscribe links lead to them, relative to the page.
			homeUp := up
			if homeUp == "" {
				homeUp = "./"
			}
			contains(t, "home", home, `<a href="`+homeUp+`atom.xml" type="application/atom+xml">`)
			contains(t, "component", comp,
				`<link rel="alternate" type="application/atom+xml" href="https://status.example.org/acme/components/api/atom.xml"`,
				`<a href="../../`+up+`components/api/atom.xml" type="application/atom+xml">`)
		})
	}
	if _, err := os.Stat(filepath.Join(out, "fr", "rss.xml")); err == nil {
		t.Error("feeds are built per language; they belong at the root only")
	}
	if _, err := os.Stat(filepath.Join(out, "en", "index.html")); err == nil {
		t.Error("the default language has a home under en/; it lives at the root")
	}
}

// The same page in the other languages: hreflang links in the head, with
// x-default the default language's, and the switcher in the header, each
// language named in itself.
func TestLanguageLinks(t *testing.T) {
	out := mustBuild(t, newRepo(t, multilingual))
	const abs = "https://status.example.org/acme/"
	const page = "incidents/2024-04-10-website-down/"
	for _, dir := range []string{"", "fr/", "ja/", "pt-br/"} {
		html := read(t, out, dir+page+"index.html")
		// From the page to the site's folder.
		up := "../../" + strings.Repeat("../", strings.Count(dir, "/"))
		contains(t, dir+page, html,
			`<link rel="alternate" hreflang="en" href="`+abs+page+`">`,
			`<link rel="alternate" hreflang="fr" href="`+abs+"fr/"+page+`">`,
			`<link rel="alternate" hreflang="ja" href="`+abs+"ja/"+page+`">`,
			`<link rel="alternate" hreflang="pt-BR" href="`+abs+"pt-br/"+page+`">`,
			`<link rel="alternate" hreflang="x-default" href="`+abs+page+`">`,
			`<nav class="langs"`,
			`<a href="`+up+page+`index.html" hreflang="en" lang="en"`, `>English</a>`,
			`<a href="`+up+`fr/`+page+`index.html" hreflang="fr" lang="fr"`, `>Français</a>`,
			`<a href="`+up+`ja/`+page+`index.html" hreflang="ja" lang="ja"`, `>日本語</a>`,
			`<a href="`+up+`pt-br/`+page+`index.html" hreflang="pt-BR" lang="pt-BR"`, `>Português</a>`,
		)
	}
	fr := read(t, out, "fr/"+page+"index.html")
	contains(t, "fr switcher", fr, `hreflang="fr" lang="fr" aria-current="page">Français</a>`)
	lacks(t, "fr switcher", fr, `lang="en" aria-current`)

	// From a page not found, the other languages' home pages, under the
	// site's path: a host serves the page at any depth.
	contains(t, "fr 404", read(t, out, "fr/404.html"),
		`<a href="/acme/index.html" hreflang="en" lang="en">English</a>`, `<a href="/acme/ja/index.html" hreflang="ja" lang="ja">日本語</a>`)

	// A site in one language has no switcher and no alternates.
	single := read(t, mustBuild(t, newRepo(t, siteFiles)), page+"index.html")
	lacks(t, "one language", single, "hreflang", `class="langs"`)
}

// An incident's text keeps its own language whatever the page's: marked
// where they differ, unmarked where they are the same.
func TestIncidentKeepsItsLanguage(t *testing.T) {
	out := mustBuild(t, newRepo(t, multilingual))
	const pt = "incidents/2024-05-01-api-errors/index.html"
	contains(t, "en page, pt-BR text", read(t, out, pt),
		`<article class="incident entry-incident impact-major" lang="pt-BR">`, `<p class="meta" lang="en">`)
	contains(t, "fr page, pt-BR text", read(t, out, "fr/"+pt),
		`<article class="incident entry-incident impact-major" lang="pt-BR">`, `<p class="meta" lang="fr">`, `Enquête en cours`)
	ptPage := read(t, out, "pt-br/"+pt)
	contains(t, "pt-BR page, pt-BR text", ptPage, `<article class="incident entry-incident impact-major">`, `Investigando`)
	lacks(t, "pt-BR page, pt-BR text", ptPage, `<p class="meta" lang=`)

	// Text with no lang of its own is in the default language.
	contains(t, "fr page, en text", read(t, out, "fr/incidents/2024-04-10-website-down/index.html"),
		`<article class="incident entry-incident impact-critical" lang="en">`, `<p class="meta" lang="fr">`)
	contains(t, "ja home", read(t, out, "ja/index.html"),
		`<a href="../ja/incidents/2024-05-01-api-errors/index.html" lang="pt-BR" dir="auto">A API responde com erros</a>`,
		`<div class="md" lang="pt-BR" dir="auto">`)
	contains(t, "pt-BR home", read(t, out, "pt-br/index.html"),
		`<a href="../pt-br/incidents/2024-05-01-api-errors/index.html" dir="auto">A API responde com erros</a>`)
}

// The favicon is the overall status's shape and colour, linked from every
// page of every language.
func TestFavicon(t *testing.T) {
	out := mustBuild(t, newRepo(t, multilingual))
	var icon string
	for p, up := range map[string]string{"index.html": "./", "fr/index.html": "../", "ja/incidents/2024-05-01-api-errors/index.html": "../../../", "pt-br/404.html": "/acme/"} {
		re := regexp.MustCompile(`<link rel="icon" type="image/svg\+xml" href="` + regexp.QuoteMeta(up) + `(favicon\.[0-9a-f]+\.svg)">`)
		m := re.FindStringSubmatch(read(t, out, p))
		if m == nil {
			t.Fatalf("%s: no SVG favicon link", p)
		}
		if icon != "" && m[1] != icon {
			t.Errorf("%s links %s, others %s", p, m[1], icon)
		}
		icon = m[1]
	}
	svg := read(t, out, icon)
	// A partial outage: the diamond, in the major colour.
	contains(t, "favicon", svg, `<svg xmlns="http://www.w3.org/2000/svg"`, `<path d="M8 .5 15.5 8 8 15.5.5 8z" fill="#bc4c00"/>`)
}

// A status repository's i18n/ adds a language with one file and changes
// single strings of a shipped one, the rest of which stays.
func TestRepositoryTranslations(t *testing.T) {
	files := strings.Replace(multilingual, "languages: [en, fr, ja, pt-BR]", "languages: [en, fr, de]", 1) + `
-- i18n/fr.yaml --
navStatus: Météo des services
-- i18n/de.yaml --
navStatus: Aktueller Status
dateTime: "{{ .Date }} um {{ .Time }} {{ .Zone }}"
`
	out := mustBuild(t, newRepo(t, files))
	contains(t, "fr", read(t, out, "fr/index.html"), `>Météo des services</a>`, `Panne partielle`)
	contains(t, "de", read(t, out, "de/incidents/2024-04-10-website-down/index.html"), `<html lang="de">`,
		`>Aktueller Status</a>`, `<time datetime="2024-04-10T14:00:00Z">10. April 2024 um 23:00 JST</time>`)
}
