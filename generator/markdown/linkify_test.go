package markdown

import (
	"regexp"
	"testing"

	"github.com/yuin/goldmark/extension"
)

// goldmark's expressions (extension/linkify.go, copied as they are), which
// matchURL and matchWWW stand for.
var (
	goldmarkURL = regexp.MustCompile(`^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]` + "`" + `]*)?`)
	goldmarkWWW = regexp.MustCompile(`^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]` + "`" + `]*)?`)
)

var linkifySeeds = []string{
	"https://example.org/issues/9999 and `pool_size`.",
	"http://a.b", "ftp://x.y:21/p", "https://h.io:/x", "https://h.io:8080", "http://1.2.3.4/",
	"https://ex.ample.org/a_(b)?c=d&e;f#g", "http://x.y.Z", "http://x..y", "http://.a", "http://a.",
	"www.example.org/path).", "www.a.b", "www.ab", "www..x", "https://user@host.tld/~me/",
	"http://a" + repeat("b", 300) + ".com/x",
	"http://" + repeat("a", 255) + ".b", "http://" + repeat("a", 256) + ".b", "http://" + repeat("a", 257) + ".b",
	"www." + repeat("a.", 130) + "c", "www.0.a#$0000000000", "http://0.a#$0", "https://é.org", "http://a.b\x00c", "https://a.b/\"><x>",
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func FuzzLinkify(f *testing.F) {
	for _, s := range linkifySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for _, c := range []struct {
			name  string
			match func([]byte) int
			re    *regexp.Regexp
		}{{"matchURL", matchURL, goldmarkURL}, {"matchWWW", matchWWW, goldmarkWWW}} {
			want := 0
			if m := c.re.FindSubmatchIndex(b); m != nil {
				want = m[1]
			}
			if got := c.match(b); got != want {
				t.Errorf("%s(%q) = %d, goldmark's expression matches %d", c.name, s, got, want)
			}
		}
	})
}

// FuzzGFM renders with gfm and with goldmark's extension.GFM: the HTML
// must be the same.
func FuzzGFM(f *testing.F) {
	for _, s := range linkifySeeds {
		f.Add("see " + s + " and (" + s + ") *" + s + "* ~" + s + "~ _" + s + "_")
	}
	for _, s := range []string{
		"mail me@example.org, or www.me@ex.org. a.b@c.d- x@y_z",
		"| a | b |\n|---|---|\n| https://x.y/ | ~~z~~ |\n\n- [ ] www.x.y\n",
		"[https://x.y](https://z.w) ![www.a.b](c) `http://q.r` <http://s.t>",
		"https://a.b/c&amp; https://a.b/c&x; https://a.b/((c)) https://a.b/(c)) http://a.b?!.,:*_~",
		"www.x.y_ www.x.y- me@x.y_ me@x-y.z",
	} {
		f.Add(s)
	}
	ours, theirs := New(HeadingBase(3)), newWith(extension.GFM, HeadingBase(3))
	f.Fuzz(func(t *testing.T, src string) {
		got, err1 := ours.HTML(src)
		want, err2 := theirs.HTML(src)
		if got != want || (err1 == nil) != (err2 == nil) {
			t.Errorf("HTML(%q)\n= %q, %v\ngoldmark's GFM gives\n  %q, %v", src, got, err1, want, err2)
		}
	})
}
