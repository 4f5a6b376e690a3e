package build_test

import (
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// subscribeSite is siteFiles in English and French, declaring every kind
// of public channel.
var subscribeSite = strings.Replace(siteFiles, "timezone: Asia/Tokyo\n", `timezone: Asia/Tokyo
languages: [en, fr]
subscribe:
  email:
    address: status-announce@lists.example.org
    url: https://lists.example.org/join/status
  mastodon: { account: "@status@social.example.org" }
  telegram: https://t.me/acme_status
  slack: https://join.slack.com/t/acme/shared_invite/zt-1
  discord: https://discord.gg/acme
  links:
    - { label: Matrix room, url: "https://matrix.to/#/#status:example.org" }
`, 1)

// The Subscribe page, in each language: the channels status.yaml
// declares, in a fixed order and each in its words, then the site's feeds
// and calendar and each component's, grouped as on the home page.
func TestSubscribePage(t *testing.T) {
	s := sitetest.Test(t, subscribeSite, now)
	tests := []struct {
		dir, lang, title, signUp, slack, discord, all string
		channels, groups                              []string
	}{
		{"", "en", "Subscribe to updates", "Sign up", "Join the workspace", "Join the server", "All components",
			[]string{"Mailing list", "Mastodon", "Telegram", "Slack", "Discord", "Matrix room"},
			[]string{"Web", "Infrastructure"}},
		{"fr/", "fr", "S'abonner aux mises à jour", "S'inscrire", "Rejoindre l'espace de travail", "Rejoindre le serveur", "Tous les composants",
			[]string{"Liste de diffusion", "Mastodon", "Telegram", "Slack", "Discord", "Matrix room"},
			[]string{"Web", "Infrastructure"}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			page := tc.dir + "subscribe/index.html"
			// From the page to the site's folder.
			up := "../" + strings.Repeat("../", strings.Count(tc.dir, "/"))
			s.AssertFileContent(page, `<html lang="`+tc.lang+`">`,
				`<link rel="canonical" href="https://status.example.org/acme/`+tc.dir+`subscribe/">`,
				// The head announces the site's feeds, as every page does.
				`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/rss.xml"`,
				`<link rel="alternate" type="application/feed+json" href="https://status.example.org/acme/feed.json"`)
			s.AssertSelector(page, "title", tc.title+" · \u2068Acme status\u2069")
			s.AssertSelector(page, "main h1", tc.title)

			s.AssertSelector(page, "#channels + dl.channels dt", tc.channels...)
			s.AssertAttr(page, "dl.channels a", "href",
				"mailto:status-announce@lists.example.org", "https://lists.example.org/join/status",
				"https://social.example.org/@status", "https://t.me/acme_status",
				"https://join.slack.com/t/acme/shared_invite/zt-1", "https://discord.gg/acme",
				"https://matrix.to/#/#status:example.org")
			s.AssertSelector(page, "dl.channels a",
				"status-announce@lists.example.org", tc.signUp, "@status@social.example.org",
				"t.me/acme_status", tc.slack, tc.discord, "matrix.to/#/#status:example.org")

			// The site's feeds and calendar, then each component's, by group.
			s.AssertSelector(page, "#feeds ~ dl.feeds dt", tc.all, "Website", "Public API", "Email", "DNS")
			s.AssertSelector(page, "#feeds ~ h3", tc.groups...)
			s.AssertAttr(page, "#feeds ~ dl.feeds dt a", "href",
				up+tc.dir+"components/website/index.html", up+tc.dir+"components/api/index.html",
				up+tc.dir+"components/mail/index.html", up+tc.dir+"components/dns/index.html")
			var feeds, types []string
			for _, base := range []string{"", "components/website/", "components/api/", "components/mail/", "components/dns/"} {
				for _, f := range []string{"rss.xml", "atom.xml", "feed.json", "maintenance.ics"} {
					feeds = append(feeds, up+base+f)
				}
				types = append(types, "application/rss+xml", "application/atom+xml", "application/feed+json", "text/calendar")
			}
			s.AssertAttr(page, "dl.feeds dd a", "href", feeds...)
			s.AssertAttr(page, "dl.feeds dd a", "type", types...)
		})
	}
	s.AssertFileExists("subscribe/index.html", true)
	s.AssertFileExists("fr/subscribe/index.html", true)
	s.AssertFileContent("en/sitemap.xml", "<loc>https://status.example.org/acme/subscribe/</loc>")
	s.AssertFileContent("fr/sitemap.xml", "<loc>https://status.example.org/acme/fr/subscribe/</loc>")
}

// Every page's footer links the Subscribe page of its language, after the
// feeds and calendar it lists; the home page also has a small link above
// its banner. A page not found keeps root-relative links, as hosts serve
// it at any depth.
func TestSubscribeLinks(t *testing.T) {
	s := sitetest.Test(t, subscribeSite, now)
	kinds := map[string]bool{}
	for _, page := range s.Pages() {
		if page == "embed.html" { // a notice framed in other sites: no chrome
			continue
		}
		dir := ""
		if strings.HasPrefix(page, "fr/") {
			dir = "fr/"
		}
		want := strings.Repeat("../", strings.Count(page, "/"))
		if want == "" {
			want = "./"
		}
		want += dir + "subscribe/index.html"
		if strings.HasSuffix(page, "404.html") {
			want = "/acme/" + dir + "subscribe/index.html"
		}
		s.AssertAttr(page, "footer p.feeds a:last-child", "href", want)
		all := map[string]string{"": "All ways to subscribe", "fr/": "Toutes les façons de s'abonner"}[dir]
		s.AssertSelector(page, "footer p.feeds a:last-child", all)
		// The footer's own feed links stay: the page's feeds and calendar.
		if n := s.Select(page, "footer p.feeds a").Length(); n != 5 {
			t.Errorf("%s: footer has %d links, want the 4 feeds and calendar and the Subscribe page", page, n)
		}
		kind, _, _ := strings.Cut(strings.TrimPrefix(page, dir), "/")
		kinds[kind] = true
	}
	for _, kind := range []string{"index.html", "404.html", "incidents", "components", "history", "subscribe"} {
		if !kinds[kind] {
			t.Errorf("no page of kind %q checked", kind)
		}
	}
	// A component's footer lists its own feeds, then the Subscribe page.
	s.AssertAttr("components/api/index.html", "footer p.feeds a", "href",
		"../../components/api/rss.xml", "../../components/api/atom.xml", "../../components/api/feed.json",
		"../../components/api/maintenance.ics", "../../subscribe/index.html")

	s.AssertAttr("index.html", "main > p.follow:first-of-type a", "href", "./subscribe/index.html")
	s.AssertSelector("index.html", "main > p.follow a", "Subscribe to updates")
	s.AssertAttr("fr/index.html", "main > p.follow a", "href", "../fr/subscribe/index.html")
	s.AssertSelector("fr/index.html", "main > p.follow a", "S'abonner aux mises à jour")
	// Above the banner: first thing after the page's hidden heading.
	s.AssertFileContent("index.html", `<h1 class="visually-hidden">`, `<p class="follow">`, `<p class="banner`)
	s.AssertSelector("incidents/2024-04-10-website-down/index.html", "! p.follow")
}

// A site declares what it has: no channel it did not declare shows, and
// without any, the page has no channel section at all.
func TestSubscribeUndeclared(t *testing.T) {
	s := sitetest.Test(t, siteFiles, now)
	s.AssertSelector("subscribe/index.html", "! #channels")
	s.AssertSelector("subscribe/index.html", "! dl.channels")
	s.AssertSelector("subscribe/index.html", "! a[href^='mailto:']")
	s.AssertSelector("subscribe/index.html", "#feeds")

	s = sitetest.Test(t, strings.Replace(siteFiles, "timezone: Asia/Tokyo\n", `timezone: Asia/Tokyo
subscribe:
  email: { url: "https://lists.example.org/join" }
  discord: https://discord.gg/acme
`, 1), now)
	s.AssertAttr("subscribe/index.html", "dl.channels > div", "class", "email", "discord")
	s.AssertSelector("subscribe/index.html", "dl.channels dt", "Mailing list", "Discord")
	// A list with only a sign-up page has no address to write to.
	s.AssertSelector("subscribe/index.html", "dl.channels .email a", "Sign up")
	s.AssertSelector("subscribe/index.html", "! a[href^='mailto:']")
}

// Channel values are the site's own text: labels, addresses and URLs show
// as written, escaped, and never become markup or script. The checks
// status.yaml makes (http(s) only, a bare address) are in the config
// package's tests; these are values that pass them.
func TestSubscribeHostile(t *testing.T) {
	s := sitetest.Test(t, strings.Replace(siteFiles, "timezone: Asia/Tokyo\n", `timezone: Asia/Tokyo
subscribe:
  email:
    address: "a?cc=evil@example.org"
    url: 'https://lists.example.org/join?a=1&b="2"><script>alert(1)</script>'
  mastodon:
    account: "@status@social.example.org"
    url: 'https://social.example.org/@status" onmouseover="alert(2)'
  telegram: "https://t.me/x'><img src=x onerror=alert(3)>"
  links:
    - label: "</dt><script>alert(4)</script> & <b>bold</b>"
      url: "https://example.org/?q=<i>&r=%22"
`, 1), now)
	const page = "subscribe/index.html"
	s.AssertFileContent(page, "! <script>alert", "! <img src=x", "! <b>bold", "! <i>", `! onmouseover="`)
	s.AssertSelector(page, "! main script")
	s.AssertSelector(page, "! [onmouseover]")
	s.AssertSelector(page, "! [onerror]")
	s.AssertSelector(page, "dl.channels dt", "Mailing list", "Mastodon", "Telegram", "</dt><script>alert(4)</script> & <b>bold</b>")
	s.AssertSelector(page, "dl.channels a", "a?cc=evil@example.org", "Sign up", "@status@social.example.org",
		"t.me/x'><img src=x onerror=alert(3)>", "example.org/?q=<i>&r=%22")
	// The address writes to the list alone ("?" would start mailto:'s
	// headers); quotes and brackets in URLs are percent-encoded.
	s.AssertAttr(page, "dl.channels a", "href",
		"mailto:a%3Fcc=evil@example.org",
		"https://lists.example.org/join?a=1&b=%222%22%3e%3cscript%3ealert%281%29%3c/script%3e",
		"https://social.example.org/@status%22%20onmouseover=%22alert%282%29",
		"https://t.me/x%27%3e%3cimg%20src=x%20onerror=alert%283%29%3e",
		"https://example.org/?q=%3ci%3e&r=%22")
}
