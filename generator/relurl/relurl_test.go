package relurl_test

import (
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/relurl"
)

func TestPage(t *testing.T) {
	cases := []struct {
		name, base, rel, in, want string
	}{
		{"home page", "https://s.example/buoy/", "index.html",
			`<link rel="stylesheet" href="/buoy/css/a.css"><a href="/buoy/">home</a><a href="/buoy/history/">h</a>`,
			`<link rel="stylesheet" href="./css/a.css"><a href="./index.html">home</a><a href="./history/index.html">h</a>`},
		{"two folders deep", "https://s.example/buoy/", "incidents/x/index.html",
			`<a class="brand" href="/buoy/">S</a> <img alt="" src="/buoy/i.svg">`,
			`<a class="brand" href="../../index.html">S</a> <img alt="" src="../../i.svg">`},
		{"other language", "https://s.example/buoy/", "fr/components/api/index.html",
			`<a href="/buoy/fr/incidents/y/" lang="fr">y</a>`,
			`<a href="../../../fr/incidents/y/index.html" lang="fr">y</a>`},
		{"query and fragment", "https://s.example/buoy/", "history/index.html",
			`<a href="/buoy/history/2024-04/#entries">a</a><a href="/buoy/?x=1#t">b</a><a href="/buoy/rss.xml?v=2">c</a>`,
			`<a href="../history/2024-04/index.html#entries">a</a><a href="../index.html?x=1#t">b</a><a href="../rss.xml?v=2">c</a>`},
		{"root base", "https://status.example/", "components/db/index.html",
			`<a href="/components/web/">w</a><a href="//cdn.example/x.js">cdn</a></p>`,
			`<a href="../../components/web/index.html">w</a><a href="//cdn.example/x.js">cdn</a></p>`},
		{"base without a trailing slash", "https://s.example/buoy", "a/index.html",
			`<a href="/buoy/b/">b</a>`,
			`<a href="../b/index.html">b</a>`},
		{"single quotes, no quotes, spaces, upper case", "https://s.example/buoy/", "a/index.html",
			"<a href='/buoy/b/'>1</a><a href=/buoy/c/>2</a><a HREF = \"/buoy/d.css\">3</a><form\naction=/buoy/e>4</form>",
			"<a href='../b/index.html'>1</a><a href=../c/index.html>2</a><a HREF = \"../d.css\">3</a><form\naction=../e>4</form>"},
		{"srcset", "https://s.example/buoy/", "a/index.html",
			`<img src="/buoy/x.png" srcset="/buoy/x.png 1x, /buoy/x2.png 2x,https://o.example/x3.png 3x">`,
			`<img src="../x.png" srcset="../x.png 1x, ../x2.png 2x,https://o.example/x3.png 3x">`},
		{"left alone: absolute, other paths, other attributes, text", "https://s.example/buoy/", "a/index.html",
			`<link rel="canonical" href="https://s.example/buoy/a/"><a href="/other/">o</a><a href="/buoyant/">o</a>` +
				`<meta property="og:url" content="/buoy/a/"><p>Set href=/buoy/x in &lt;a href="/buoy/y"&gt;, see /buoy/z.</p><a href="#main">skip</a>`,
			`<link rel="canonical" href="https://s.example/buoy/a/"><a href="/other/">o</a><a href="/buoyant/">o</a>` +
				`<meta property="og:url" content="/buoy/a/"><p>Set href=/buoy/x in &lt;a href="/buoy/y"&gt;, see /buoy/z.</p><a href="#main">skip</a>`},
		{"attribute name ending in href", "https://s.example/buoy/", "a/index.html",
			`<a data-href="/buoy/x/" href="/buoy/y/">y</a>`,
			`<a data-href="/buoy/x/" href="../y/index.html">y</a>`},
		{"page not found: root-relative, folders by their index.html", "https://s.example/buoy/", "fr/404.html",
			`<a href="/buoy/fr/">fr</a><link rel="stylesheet" href="/buoy/css/a.css"><a href="#main">skip</a>`,
			`<a href="/buoy/fr/index.html">fr</a><link rel="stylesheet" href="/buoy/css/a.css"><a href="#main">skip</a>`},
		{"value running to the end of the page", "https://s.example/buoy/", "index.html",
			`<a href="/buoy/x/`,
			`<a href="./x/index.html`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := relurl.New(tc.base)
			if err != nil {
				t.Fatal(err)
			}
			prefix := []byte("kept:")
			got := r.Page(prefix, []byte(tc.in), tc.rel)
			if string(got) != "kept:"+tc.want {
				t.Errorf("Page(%s)\n got %s\nwant kept:%s", tc.rel, got, tc.want)
			}
		})
	}
}

func TestApplies(t *testing.T) {
	for rel, want := range map[string]bool{
		"index.html":               true,
		"incidents/x/index.html":   true,
		"fr/history/index.html":    true,
		"404.html":                 true,
		"rss.xml":                  false,
		"css/buoy.css":             false,
		"badge.svg":                false,
		"components/api/feed.json": false,
	} {
		if got := relurl.Applies(rel); got != want {
			t.Errorf("Applies(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	if _, err := relurl.New("https://s.example/%zz/"); err == nil || !strings.Contains(err.Error(), "%zz") {
		t.Errorf("New: err %v, want one naming the URL", err)
	}
}

// BenchmarkPage rewrites a page the size of an incident page with the
// links the theme writes on one: what a build pays per page, under a
// base path and at the root of a host, where every "/" is a candidate.
func BenchmarkPage(b *testing.B) {
	for _, base := range []string{"/buoy/", "/"} {
		b.Run("base="+base, func(b *testing.B) {
			r, err := relurl.New("https://status.example.org" + base)
			if err != nil {
				b.Fatal(err)
			}
			var sb strings.Builder
			sb.WriteString(`<!doctype html><html lang="en"><head><link rel="canonical" href="https://status.example.org` + base + `incidents/x/">`)
			sb.WriteString(`<link rel="stylesheet" href="` + base + `css/buoy.min.0123456789abcdef.css"><link rel="icon" href="` + base + `favicon.0123.svg"></head><body>`)
			sb.WriteString(`<a href="` + base + `">S</a><a href="` + base + `">Status</a><a href="` + base + `history/">History</a>`)
			for range 60 {
				sb.WriteString(`<li><p class="label"><strong>Investigating</strong> · <time datetime="2024-04-10T14:05:00Z">10 Apr 2024</time></p><div class="md"><p>Some text about the incident and what we do.</p></div></li>` + "\n")
			}
			sb.WriteString(`<p><a href="` + base + `rss.xml">RSS</a> · <a href="` + base + `atom.xml">Atom</a> · <a href="` + base + `feed.json">JSON</a> · <a href="` + base + `maintenance.ics">ics</a></p></body></html>`)
			page := []byte(sb.String())
			var dst []byte
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				dst = r.Page(dst[:0], page, "incidents/x/index.html")
			}
		})
	}
}
