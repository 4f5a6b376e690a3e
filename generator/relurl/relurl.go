// Package relurl makes the links of a built site's HTML pages relative to
// each page, so that the site works wherever its folder is: opened from
// disk (file://), served at the root of any static web server, and at the
// path of its base_url.
//
// Hugo writes a site's own URLs root-relative, under base_url's path
// ("/buoy/css/…"); its relativeURLs setting cannot help, as it keeps that
// path ("../buoy/css/…"). So buoy rewrites them itself, in one pass over
// each page as it writes the site: an attribute value that starts with
// the base path becomes "../" once per folder the page is in, then the
// path under the base, and a link to a folder names its index.html, which
// file:// and bucket-style hosts without index documents need. Absolute
// URLs (canonical links, hreflang alternates, feed discovery) are left
// alone. A 404.html keeps root-relative links, folders named by their
// index.html too: a host serves it at any depth, where only those resolve.
package relurl

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// Rewriter rewrites the pages of one site.
type Rewriter struct {
	base []byte // base_url's path, with a slash at each end: "/" or "/buoy/"
}

// New returns the Rewriter for the site whose base URL is baseURL.
func New(baseURL string) (*Rewriter, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return &Rewriter{base: []byte(p)}, nil
}

// Applies reports whether the site's file rel ("incidents/x/index.html")
// is a page whose links Page rewrites: an HTML file.
func Applies(rel string) bool {
	return strings.HasSuffix(rel, ".html")
}

// urlAttrs are the attributes whose value is a URL (srcset: a list of them).
var urlAttrs = []string{"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "xlink:href"}

// Page appends page, the site's file rel, to dst with the URLs of its
// attributes that start with the base path made relative to rel, and
// returns the extended dst.
func (r *Rewriter) Page(dst, page []byte, rel string) []byte {
	// What replaces the base path: the way up to the site's folder.
	var lead []byte
	switch up := strings.Count(rel, "/"); {
	case path.Base(rel) == "404.html":
		lead = r.base
	case up == 0:
		// Never a bare path: "a:b/" would read as a scheme.
		lead = []byte("./")
	default:
		lead = bytes.Repeat([]byte("../"), up)
	}
	last := 0 // page[:last] is in dst
	// A URL to rewrite starts an attribute value: look at each "=".
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '=')
		if j < 0 {
			break
		}
		eq := i + j
		i = eq + 1
		at := eq + 1
		for at < len(page) && isSpace(page[at]) {
			at++
		}
		var quote byte
		if at < len(page) && (page[at] == '"' || page[at] == '\'') {
			quote = page[at]
			at++
		}
		if !bytes.HasPrefix(page[at:], r.base) {
			continue
		}
		attr, ok := attrBefore(page, eq)
		if !ok {
			continue
		}
		end := valueEnd(page, at, quote)
		dst = append(dst, page[last:at]...)
		if attr == "srcset" {
			dst = r.srcset(dst, page[at:end], lead)
		} else {
			dst = r.url(dst, page[at:end], lead)
		}
		last, i = end, end
	}
	return append(dst, page[last:]...)
}

// url appends u, which starts with the base path, with lead for the base
// path; a URL that is not the site's is appended as it is.
func (r *Rewriter) url(dst, u []byte, lead []byte) []byte {
	rest := u[len(r.base):]
	if len(rest) > 0 && rest[0] == '/' {
		// "//host/…" when the base path is "/": another site.
		return append(dst, u...)
	}
	p, suffix := rest, []byte(nil)
	if k := bytes.IndexAny(rest, "?#"); k >= 0 {
		p, suffix = rest[:k], rest[k:]
	}
	dst = append(dst, lead...)
	dst = append(dst, p...)
	if len(p) == 0 || p[len(p)-1] == '/' {
		dst = append(dst, "index.html"...)
	}
	return append(dst, suffix...)
}

// srcset appends the candidates of a srcset value, each URL under the
// base path made relative.
func (r *Rewriter) srcset(dst, v []byte, lead []byte) []byte {
	for len(v) > 0 {
		k := 0
		for k < len(v) && (isSpace(v[k]) || v[k] == ',') {
			k++
		}
		dst, v = append(dst, v[:k]...), v[k:]
		k = 0
		for k < len(v) && !isSpace(v[k]) {
			k++
		}
		u := v[:k]
		// A comma ends a URL only at its end (no descriptor).
		trail := len(u)
		for trail > 0 && u[trail-1] == ',' {
			trail--
		}
		if bytes.HasPrefix(u, r.base) {
			dst = r.url(dst, u[:trail], lead)
			dst = append(dst, u[trail:]...)
		} else {
			dst = append(dst, u...)
		}
		v = v[k:]
		k = 0
		for k < len(v) && v[k] != ',' {
			k++
		}
		dst, v = append(dst, v[:k]...), v[k:]
	}
	return dst
}

// attrBefore names the URL attribute whose "=" is at page[eq], if any.
func attrBefore(page []byte, eq int) (string, bool) {
	k := eq - 1
	for k >= 0 && isSpace(page[k]) {
		k--
	}
	end := k + 1
	for k >= 0 && isNameByte(page[k]) {
		k--
	}
	if k < 0 || !isSpace(page[k]) || !inTag(page, k) {
		return "", false
	}
	name := page[k+1 : end]
	for _, a := range urlAttrs {
		if equalFold(name, a) {
			return a, true
		}
	}
	return "", false
}

// inTag reports whether page[k] is inside a start tag, not in text where
// "href=/…" is words: the nearest angle bracket before it opens a tag.
// Values cannot hide one: templates and Markdown escape ">" in them.
func inTag(page []byte, k int) bool {
	for ; k >= 0; k-- {
		switch page[k] {
		case '<':
			return true
		case '>':
			return false
		}
	}
	return false
}

// equalFold reports whether b is s, ignoring ASCII case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// valueEnd is where the attribute value that page[at:] is in ends.
func valueEnd(page []byte, at int, quote byte) int {
	k := at
	for k < len(page) {
		c := page[k]
		if (quote != 0 && c == quote) || (quote == 0 && (isSpace(c) || c == '>')) {
			break
		}
		k++
	}
	return k
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == ':' || c == '_'
}
