package markdown

import (
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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

// FuzzHeadings checks that eachHeading, which walks blocks only, finds
// the same headings as a walk of every node.
func FuzzHeadings(f *testing.F) {
	f.Add("## a\n\n> # b\n\n- c\n  ---\n\n| h |\n|---|\n| # x |\n")
	f.Add("1. > - ###### deep\n\n   text *em* `code`\n")
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	f.Fuzz(func(t *testing.T, src string) {
		doc := md.Parser().Parse(text.NewReader([]byte(src)))
		var all, blocks []*ast.Heading
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				all = append(all, h)
			}
			return ast.WalkContinue, nil
		})
		eachHeading(doc, func(h *ast.Heading) { blocks = append(blocks, h) })
		if !slices.Equal(all, blocks) {
			t.Fatalf("eachHeading found %d headings, ast.Walk %d", len(blocks), len(all))
		}
	})
}

// FuzzDestination checks destination's shortcut against goldmark's
// unescaping and resolving, which it skips.
func FuzzDestination(f *testing.F) {
	for _, s := range []string{"https://example.org/a?b=c", `java\script:x`, "&#106;avascript:x", "a&amp;b", "&", `\`, "é&#xZZ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		want := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b))))
		if got := destination(b); got != want {
			t.Errorf("destination(%q) = %q, want %q", s, got, want)
		}
	})
}
