package build_test

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// linkedSite is the multilingual site with an incident whose text links
// other pages of the site the way an author would, root-relative under
// base_url's path.
var linkedSite = multilingual + `
-- incidents/2024-03-02-dns-slow.md --
---
title: Slow DNS answers
components: [dns]
impact: minor
started: 2024-03-02T10:00:00Z
resolved: 2024-03-02T11:00:00Z
updates:
  - at: 2024-03-02T11:00:00Z
    status: resolved
    text: Fixed; see [the API incident](/acme/incidents/2024-05-01-api-errors/#updates) and [history](/acme/history/).
---
`

// TestLinksWorkFromAnyFolder checks every page the way a browser meets it
// opened from disk or served at any path: each link, stylesheet, icon and
// image of a page (href, src, srcset) is relative to the page and names a
// file of the site, never a folder, and a fragment names an id of its
// page. Only the head's canonical link and alternates are absolute, and
// they name pages of the site. 404.html, which a host serves at any depth,
// links root-relative under base_url's path instead, to files too.
func TestLinksWorkFromAnyFolder(t *testing.T) {
	s := sitetest.Test(t, linkedSite, now)
	out := s.Out
	const base = "https://status.example.org/acme/"
	basePath := "/acme/"

	type link struct{ page, tag, attr, value string }
	var links []link
	ids := map[string]map[string]bool{} // page → its ids
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(p[len(out)+1:])
		ids[rel] = map[string]bool{}
		z := html.NewTokenizer(bytes.NewReader(b))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
			}
			if id, ok := attrs["id"]; ok {
				ids[rel][id] = true
			}
			for _, name := range []string{"href", "src", "srcset", "action", "poster", "data"} {
				v, ok := attrs[name]
				if !ok {
					continue
				}
				if name == "srcset" {
					for c := range strings.SplitSeq(v, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							links = append(links, link{rel, tok.Data, name, f[0]})
						}
					}
					continue
				}
				tag := tok.Data
				if tag == "link" {
					tag += "[rel=" + attrs["rel"] + "]"
				}
				links = append(links, link{rel, tag, name, v})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 40 {
		t.Fatalf("only %d pages built", len(ids))
	}

	// target is the site file a URL of page names, or why none.
	target := func(page, u string) (file, frag, problem string) {
		ref, err := url.Parse(u)
		if err != nil {
			return "", "", err.Error()
		}
		frag = ref.Fragment
		switch {
		case ref.Scheme != "" || ref.Host != "":
			if !strings.HasPrefix(u, base) {
				return "", "", "" // another site
			}
			file = strings.TrimPrefix(ref.Path, basePath)
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html" // a page's address
			}
		case ref.Path == "":
			file = page // a fragment of the page itself
		case path.Base(page) == "404.html":
			if !strings.HasPrefix(ref.Path, basePath) {
				return "", "", "not under " + basePath + ": a host serves 404.html at any depth"
			}
			file = strings.TrimPrefix(ref.Path, basePath)
		case strings.HasPrefix(ref.Path, "/"):
			return "", "", "root-relative: dead opened from disk or served at another path"
		default:
			file = path.Join(path.Dir(page), ref.Path)
			if file == ".." || strings.HasPrefix(file, "../") {
				return "", "", "leaves the site's folder"
			}
		}
		st, err := os.Stat(filepath.Join(out, filepath.FromSlash(file)))
		switch {
		case err != nil:
			return "", "", "no such file " + file
		case st.IsDir():
			return "", "", file + " is a folder: file:// and bucket hosts show no index.html for it"
		}
		return file, frag, ""
	}

	checked := map[string]int{}
	for _, l := range links {
		where := l.page + ": <" + l.tag + " " + l.attr + "=" + l.value + ">"
		abs := strings.Contains(l.value, "://")
		if abs && strings.HasPrefix(l.value, base) && l.tag != "link[rel=canonical]" && l.tag != "link[rel=alternate]" {
			t.Errorf("%s: absolute link to the site: dead in a preview served elsewhere", where)
		}
		if !abs && path.Base(l.page) != "404.html" && (l.tag == "link[rel=canonical]" || l.tag == "link[rel=alternate]") {
			t.Errorf("%s: canonical and alternate links must be absolute", where)
		}
		file, frag, problem := target(l.page, l.value)
		if problem != "" {
			t.Errorf("%s: %s", where, problem)
			continue
		}
		if file == "" {
			continue
		}
		checked[l.tag]++
		if frag != "" && strings.HasSuffix(file, ".html") && !ids[file][frag] {
			t.Errorf("%s: %s has no id %q", where, file, frag)
		}
	}
	// The kinds of links the check must have seen, so that it cannot pass
	// by finding none.
	for _, tag := range []string{"a", "link[rel=stylesheet]", "link[rel=icon]", "link[rel=canonical]", "link[rel=alternate]"} {
		if checked[tag] == 0 {
			t.Errorf("no <%s> link checked; checked %v", tag, checked)
		}
	}

	// What an author links in an incident's text is relative too.
	s.AssertFileContent("fr/incidents/2024-03-02-dns-slow/index.html",
		`<a href="../../../incidents/2024-05-01-api-errors/index.html#updates">`,
		`<a href="../../../history/index.html">`)
}
