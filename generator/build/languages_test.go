package build_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// multilingual is siteFiles built in the four languages the theme ships.
var multilingual = strings.Replace(siteFiles, "timezone: Asia/Tokyo\n", "timezone: Asia/Tokyo\nlanguage: en\nlanguages: [en, fr, ja, pt-BR]\n", 1)

// Every page exists in every language, under /<lang>/ but for the default,
// with the UI translated, dates and durations formatted for the language,
// and the incident's own text marked with its own language.
func TestBuildLanguages(t *testing.T) {
	s := sitetest.Test(t, multilingual, now)
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
			home := tc.dir + "index.html"
			s.AssertFileContent(home, htmlLang, `<p class="banner state-major">`, tc.banner)

			inc := tc.dir + "incidents/2024-04-10-website-down/index.html"
			s.AssertFileContent(inc, htmlLang,
				`<link rel="canonical" href="https://status.example.org/acme/`+tc.dir+`incidents/2024-04-10-website-down/">`,
				`<time datetime="2024-04-10T14:00:00Z">`+tc.started+`</time>`,
				`<dd><span class="dur">`+tc.duration+`</span></dd>`,
				tc.heading)

			comp := tc.dir + "components/api/index.html"
			up := strings.Repeat("../", strings.Count(tc.dir, "/"))
			s.AssertFileContent(comp, htmlLang, `<h1 dir="auto">Public API</h1>`,
				`href="../../`+up+tc.dir+`incidents/2024-05-01-api-errors/index.html"`)

			s.AssertFileContent(tc.dir+"history/index.html", htmlLang,
				`<a href="../`+up+tc.dir+`history/2024-04/index.html">`+tc.month+`</a>`)
			s.AssertFileContent(tc.dir+"history/2024-04/index.html", htmlLang, `<h1>`+tc.month+`</h1>`)
			s.AssertFileContent(tc.dir+"404.html", htmlLang, tc.notFound)

			// Feeds are built once, at the root, and every language
			// announces them there.
			for _, page := range []string{home, inc, comp} {
				s.AssertFileContent(page,
					`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/rss.xml"`,
					`<link rel="alternate" type="application/feed+json" href="https://status.example.org/acme/feed.json"`)
			}
			// The subscribe links lead to them, relative to the page.
			homeUp := up
			if homeUp == "" {
				homeUp = "./"
			}
			s.AssertFileContent(home, `<a href="`+homeUp+`atom.xml" type="application/atom+xml">`)
			s.AssertFileContent(comp,
				`<link rel="alternate" type="application/atom+xml" href="https://status.example.org/acme/components/api/atom.xml"`,
				`<a href="../../`+up+`components/api/atom.xml" type="application/atom+xml">`)
		})
	}
	// Feeds belong at the root only, not per language; the default
	// language's home lives at the root, not under en/.
	s.AssertFileExists("fr/rss.xml", false)
	s.AssertFileExists("en/index.html", false)
}

// The same page in the other languages: hreflang links in the head, with
// x-default the default language's, and the switcher in the header, each
// language named in itself.
func TestLanguageLinks(t *testing.T) {
	s := sitetest.Test(t, multilingual, now)
	const abs = "https://status.example.org/acme/"
	const page = "incidents/2024-04-10-website-down/"
	for _, dir := range []string{"", "fr/", "ja/", "pt-br/"} {
		// From the page to the site's folder.
		up := "../../" + strings.Repeat("../", strings.Count(dir, "/"))
		s.AssertFileContent(dir+page+"index.html",
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
	s.AssertFileContent("fr/"+page+"index.html", `hreflang="fr" lang="fr" aria-current="page">Français</a>`, `! lang="en" aria-current`)
	s.AssertAttr("fr/"+page+"index.html", `nav.langs a[aria-current="page"]`, "lang", "fr")

	// From a page not found, the other languages' home pages, under the
	// site's path: a host serves the page at any depth.
	s.AssertFileContent("fr/404.html",
		`<a href="/acme/index.html" hreflang="en" lang="en">English</a>`, `<a href="/acme/ja/index.html" hreflang="ja" lang="ja">日本語</a>`)

	// A site in one language has no switcher and no alternates.
	sitetest.Test(t, siteFiles, now).AssertFileContent(page+"index.html", "! hreflang", `! class="langs"`)
}

// An incident's text keeps its own language whatever the page's: marked
// where they differ, unmarked where they are the same.
func TestIncidentKeepsItsLanguage(t *testing.T) {
	s := sitetest.Test(t, multilingual, now)
	const pt = "incidents/2024-05-01-api-errors/index.html"
	// en page, pt-BR text
	s.AssertFileContent(pt,
		`<article class="incident entry-incident impact-major" lang="pt-BR">`, `<p class="meta" lang="en">`)
	// fr page, pt-BR text
	s.AssertFileContent("fr/"+pt,
		`<article class="incident entry-incident impact-major" lang="pt-BR">`, `<p class="meta" lang="fr">`, `Enquête en cours`)
	// pt-BR page, pt-BR text
	s.AssertFileContent("pt-br/"+pt, `<article class="incident entry-incident impact-major">`, `Investigando`, `! <p class="meta" lang=`)

	// Text with no lang of its own is in the default language.
	s.AssertFileContent("fr/incidents/2024-04-10-website-down/index.html",
		`<article class="incident entry-incident impact-critical" lang="en">`, `<p class="meta" lang="fr">`)
	s.AssertFileContent("ja/index.html",
		`<a href="../ja/incidents/2024-05-01-api-errors/index.html" lang="pt-BR" dir="auto">A API responde com erros</a>`,
		`<div class="md" lang="pt-BR" dir="auto">`)
	s.AssertFileContent("pt-br/index.html",
		`<a href="../pt-br/incidents/2024-05-01-api-errors/index.html" dir="auto">A API responde com erros</a>`)
}

// The favicon is the overall status's shape and colour, linked from every
// page of every language.
func TestFavicon(t *testing.T) {
	s := sitetest.Test(t, multilingual, now)
	var icon string
	for p, up := range map[string]string{"index.html": "./", "fr/index.html": "../", "ja/incidents/2024-05-01-api-errors/index.html": "../../../", "pt-br/404.html": "/acme/"} {
		hrefs := s.Attrs(p, `link[rel="icon"][type="image/svg+xml"]`, "href")
		if len(hrefs) != 1 || !regexp.MustCompile(`^`+regexp.QuoteMeta(up)+`favicon\.[0-9a-f]+\.svg$`).MatchString(hrefs[0]) {
			t.Fatalf("%s: SVG favicon links %q, want one under %s", p, hrefs, up)
		}
		name := strings.TrimPrefix(hrefs[0], up)
		if icon != "" && name != icon {
			t.Errorf("%s links %s, others %s", p, name, icon)
		}
		icon = name
	}
	// A partial outage: the diamond, in the major colour.
	s.AssertFileContent(icon, `<svg xmlns="http://www.w3.org/2000/svg"`, `<path d="M8 .5 15.5 8 8 15.5.5 8z" fill="#bc4c00"/>`)
}

// A status repository's i18n/ adds a language with one file and changes
// single strings of a shipped one, the rest of which stays.
func TestRepositoryTranslations(t *testing.T) {
	files := strings.Replace(multilingual, "languages: [en, fr, ja, pt-BR]", "languages: [en, fr, nl]", 1) + `
-- i18n/fr.yaml --
navStatus: Météo des services
-- i18n/nl.yaml --
navStatus: Huidige status
dateTime: "{{ .Date }} om {{ .Time }} {{ .Zone }}"
`
	s := sitetest.Test(t, files, now)
	s.AssertFileContent("fr/index.html", `>Météo des services</a>`, `Panne partielle`)
	s.AssertFileContent("nl/incidents/2024-04-10-website-down/index.html", `<html lang="nl">`,
		`>Huidige status</a>`, `<time datetime="2024-04-10T14:00:00Z">10 april 2024 om 23:00 JST</time>`)
}
