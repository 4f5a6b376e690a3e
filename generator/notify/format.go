package notify

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/buoystatus/buoy/generator/markdown"
)

// A post's Markdown is read once into blocks of styled runs, which each
// channel writes in its own format (format_*.go). Keeping the tree this
// small is what lets a message be cut on any word and still be closed
// properly: every format renders a cut tree, never cuts rendered text.

type style uint8

const (
	styleBold style = 1 << iota
	styleItalic
	styleStrike
	styleCode
)

// span is a run of text in one style, a link when href is set (an
// http(s) or mailto URL, absolute).
type span struct {
	text  string
	style style
	href  string
}

type blockKind uint8

const (
	kindPara blockKind = iota
	kindHeading
	kindItem
	kindCode
	kindRule
)

type block struct {
	kind  blockKind
	spans []span
	// marker is a list item's "•" or "3."; depth its list's nesting.
	marker string
	depth  int
	quote  bool
	// tight puts the block on the line after the previous one, not after
	// a blank line: the items of one list.
	tight bool
}

// ellipsis ends a cut message.
const ellipsis = "…"

// parseBody reads Markdown (GitHub-flavoured) into blocks. Links resolve
// against base, the page the text is published on; a link that is not
// http(s) or mailto once resolved keeps its text and loses its URL.
func parseBody(md, base string) []block {
	src := []byte(strings.ReplaceAll(strings.ReplaceAll(md, "\r\n", "\n"), "\r", "\n"))
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	b := &builder{src: src}
	if u, err := url.Parse(base); err == nil && u.IsAbs() {
		b.base = u
	}
	b.children(doc, where{})
	return b.blocks
}

type builder struct {
	src    []byte
	base   *url.URL
	blocks []block
}

// where a block stands: in a quote, how deep in lists, and whether it
// follows the block before on the next line (the items of a list, the
// rows of a table) rather than after a blank one.
type where struct {
	quote bool
	depth int
	tight bool
}

func (b *builder) add(bl block, w where) {
	bl.quote = w.quote
	bl.tight = w.tight
	b.blocks = append(b.blocks, bl)
}

func (b *builder) children(n ast.Node, w where) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.block(c, w)
	}
}

func (b *builder) block(n ast.Node, w where) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		b.add(block{kind: kindPara, spans: b.inlines(n)}, w)
	case *ast.Heading:
		b.add(block{kind: kindHeading, spans: b.inlines(n)}, w)
	case *ast.Blockquote:
		w.quote = true
		b.children(n, w)
	case *ast.List:
		num := n.Start
		first := true
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "•"
			if n.IsOrdered() {
				marker = fmt.Sprintf("%d.", num)
				num++
			}
			b.item(item, marker, w, first)
			first = false
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var code strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			code.Write(seg.Value(b.src))
		}
		b.add(block{kind: kindCode, spans: []span{{text: clean(strings.TrimRight(code.String(), "\n")), style: styleCode}}}, w)
	case *ast.HTMLBlock:
		// Raw HTML is text like any other: shown as written, never markup.
		var raw strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			raw.Write(seg.Value(b.src))
		}
		if n.HasClosure() {
			raw.Write(n.ClosureLine.Value(b.src))
		}
		b.add(block{kind: kindPara, spans: []span{{text: clean(strings.TrimRight(raw.String(), "\n"))}}}, w)
	case *ast.ThematicBreak:
		b.add(block{kind: kindRule}, w)
	case *east.Table:
		first := true
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var spans []span
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				if cell != row.FirstChild() {
					spans = append(spans, span{text: " | "})
				}
				spans = append(spans, b.inlines(cell)...)
			}
			row := w
			row.tight = w.tight || !first
			b.add(block{kind: kindPara, spans: merge(spans)}, row)
			first = false
		}
	default:
		b.children(n, w)
	}
}

// item adds a list item: its first paragraph carries the marker, what
// follows it is nested one level deeper.
func (b *builder) item(item ast.Node, marker string, w where, first bool) {
	bl := block{kind: kindItem, marker: marker, depth: w.depth}
	c := item.FirstChild()
	if p, ok := c.(*ast.Paragraph); ok {
		bl.spans = b.inlines(p)
		c = c.NextSibling()
	} else if t, ok := c.(*ast.TextBlock); ok {
		bl.spans = b.inlines(t)
		c = c.NextSibling()
	}
	head := w
	head.tight = w.tight || !first
	b.add(bl, head)
	inner := w
	inner.depth++
	inner.tight = true
	for ; c != nil; c = c.NextSibling() {
		b.block(c, inner)
	}
}

func (b *builder) inlines(n ast.Node) []span {
	var out []span
	b.inline(n, 0, "", &out)
	return merge(out)
}

func (b *builder) inline(n ast.Node, st style, href string, out *[]span) {
	put := func(s string, st style, href string) {
		if s = clean(s); s != "" {
			*out = append(*out, span{text: s, style: st, href: href})
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			put(unescape(c.Segment.Value(b.src)), st, href)
			switch {
			case c.HardLineBreak():
				put("\n", st, href)
			case c.SoftLineBreak():
				put(" ", st, href)
			}
		case *ast.String:
			put(string(c.Value), st, href)
		case *ast.CodeSpan:
			var code strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					code.Write(tx.Segment.Value(b.src))
				}
			}
			put(code.String(), st|styleCode, href)
		case *ast.Emphasis:
			s := styleItalic
			if c.Level >= 2 {
				s = styleBold
			}
			b.inline(c, st|s, href, out)
		case *east.Strikethrough:
			b.inline(c, st|styleStrike, href, out)
		case *ast.Link:
			b.inline(c, st, b.link(href, c.Destination), out)
		case *ast.Image:
			b.inline(c, st, b.link(href, c.Destination), out)
		case *ast.AutoLink:
			dest := c.URL(b.src)
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(string(dest)), "mailto:") {
				dest = append([]byte("mailto:"), dest...)
			}
			put(string(c.Label(b.src)), st, b.link(href, dest))
		case *ast.RawHTML:
			segs := c.Segments
			for i := range segs.Len() {
				seg := segs.At(i)
				put(string(seg.Value(b.src)), st, href)
			}
		case *east.TaskCheckBox:
			if c.IsChecked {
				put("☑ ", st, href)
			} else {
				put("☐ ", st, href)
			}
		default:
			b.inline(c, st, href, out)
		}
	}
}

// link is the absolute URL a link points to, "" when it is not one every
// channel may carry. A link inside a link keeps the outer one.
func (b *builder) link(outer string, dest []byte) string {
	if outer != "" {
		return outer
	}
	d := unescape(dest)
	if markdown.Dangerous(d, false) {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(d))
	if err != nil {
		return ""
	}
	if b.base != nil {
		u = b.base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
	default:
		return ""
	}
	s := u.String()
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return ""
	}
	return s
}

func unescape(b []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b))))
}

// clean drops what no channel should carry from a post's text: control
// characters but newline and tab, direction overrides, and the invisible
// characters the formats use to keep text from turning into markup.
func clean(s string) string {
	if !strings.ContainsFunc(s, dropped) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if !dropped(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == zwsp, r == wordJoiner, r == 0xFEFF, r == 0x200E, r == 0x200F:
		return true
	}
	return false
}

// Invisible characters that break a run of text that would otherwise be
// read as markup or a mention.
const (
	zwsp       = '\u200B'
	wordJoiner = '\u2060'
)

// merge joins neighbouring runs of one style and link.
func merge(spans []span) []span {
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && out[n-1].style == s.style && out[n-1].href == s.href {
			out[n-1].text += s.text
			continue
		}
		out = append(out, s)
	}
	return out
}

// plainSubject is a subject on one line, without what clean drops.
func plainSubject(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}
