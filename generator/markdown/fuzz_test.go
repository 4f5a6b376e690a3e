package markdown

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// allowed lists the elements GitHub-flavoured Markdown produces, with the
// attributes each may carry; anything else in the output came from the
// author's raw HTML and means the sanitizer let markup through.
var allowed = map[string][]string{
	"p": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"a": {"href", "title"}, "img": {"src", "alt", "title"},
	"ul": nil, "ol": {"start"}, "li": nil, "blockquote": nil, "hr": nil, "br": nil,
	"pre": nil, "code": {"class"}, "em": nil, "strong": nil, "del": nil,
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"style"}, "td": {"style"},
	"input": {"checked", "disabled", "type"},
}

var (
	alignRE = regexp.MustCompile(`^text-align:(left|right|center)$`)
	classRE = regexp.MustCompile(`^language-\S+$`)
)

// safeHTML reports the first element, attribute or URL in out that the
// sanitizer should not have let through.
func safeHTML(t *testing.T, src, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs, ok := allowed[tok.Data]
		if !ok {
			t.Fatalf("element <%s> in the HTML of %q:\n%s", tok.Data, src, out)
		}
		for _, a := range tok.Attr {
			if !contains(attrs, a.Key) {
				t.Fatalf("attribute %s on <%s> in the HTML of %q:\n%s", a.Key, tok.Data, src, out)
			}
			bad := a.Key == "style" && !alignRE.MatchString(a.Val) ||
				a.Key == "class" && !classRE.MatchString(a.Val) ||
				(a.Key == "href" || a.Key == "src") && Dangerous(a.Val, tok.Data == "img") ||
				a.Key == "type" && a.Val != "checkbox"
			if bad {
				t.Fatalf("%s=%q on <%s> in the HTML of %q:\n%s", a.Key, a.Val, tok.Data, src, out)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"## Root cause\n\nA *disk* filled up. See [the log](https://example.org/log \"log\").\n",
		"<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](&#106;avascript:alert(1)) ![i](data:image/svg+xml,<svg>)",
		"<https://example.org/> and <javascript:alert(1)> and www.example.org",
		"| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n3. three\n",
		"```js onload=x\ncode <b>\n```\n\n> quote\n\n---\n~~gone~~",
		"<!-- c --><div onclick=x>\n\nblock\n</div>",
		"[a]: vbscript:x\n\n[a] [b]\n\n[b]: <java\tscript:x>",
		"\x00\x01 \uFFFE text\r\n\r\n",
	} {
		f.Add(s)
	}
	r := New(HeadingBase(3))
	f.Fuzz(func(t *testing.T, src string) {
		out, err := r.HTML(src)
		if err != nil {
			t.Fatal(err)
		}
		safeHTML(t, src, out)
	})
}
