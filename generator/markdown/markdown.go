// Package markdown turns the Markdown people write in incident files into
// HTML that is safe to put on the status page: what a contributor types can
// never become markup or script on the published site.
//
// Raw HTML is escaped and shown as text rather than dropped, so a reader
// still sees what the author wrote; links and images whose URL would run
// code (javascript:, vbscript:, file:, data: other than raster images) lose
// their URL and keep their text.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/buoystatus/buoy/generator/buildcache"
)

// Renderer converts Markdown to safe HTML. It is safe for concurrent use.
type Renderer struct {
	md   goldmark.Markdown
	memo *memo // nil unless Memo
	// store and storeKey keep HTML between processes (see Store).
	store    Store
	storeKey []byte
	// bufs holds *scratch: goldmark wraps a writer that is not a
	// bufio.Writer in a new one of 4 KiB, for every text. A site of
	// 10,000 incidents has 50,000 texts: 200 MB of garbage a build.
	bufs sync.Pool
}

// scratch is what rendering one text writes through.
type scratch struct {
	out bytes.Buffer
	w   *bufio.Writer
}

// maxKept is the largest output buffer kept for the next text: a rare
// long postmortem should not pin its memory for the rest of the build.
const maxKept = 64 << 10

// Option tunes a Renderer.
type Option func(*options)

type options struct {
	headingBase int
	memo        bool
	store       Store
}

// HeadingBase makes the top heading level of each document n (1 to 6),
// shifting the others along and capping them at 6. A page that puts a
// postmortem under its own <h2> asks for 3, so the author's "## Root cause"
// stays below it in the outline.
func HeadingBase(n int) Option {
	return func(o *options) { o.headingBase = min(max(n, 1), 6) }
}

// New returns a renderer for GitHub-flavoured Markdown (tables,
// strikethrough, autolinks, task lists).
func New(opts ...Option) *Renderer {
	return newWith(gfm{}, opts...)
}

// newWith is New with ext for GitHub's extensions: tests compare gfm with
// goldmark's own.
func newWith(ext goldmark.Extender, opts ...Option) *Renderer {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	gm := []goldmark.Option{
		goldmark.WithExtensions(ext),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(newSafeRenderer(), 100)),
		),
	}
	if o.headingBase > 0 {
		gm = append(gm, goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(headingShift(o.headingBase), 100)),
		))
	}
	r := &Renderer{md: goldmark.New(gm...), store: o.store}
	if o.memo {
		r.memo = newMemo()
	}
	if r.store != nil {
		// What else makes the HTML is the binary, which the store's
		// owner answers for (buildcache.Code).
		r.storeKey = fmt.Appendf(nil, "markdown heading-base=%d", o.headingBase)
	}
	return r
}

// HTML renders src. Empty or blank input gives "".
func (r *Renderer) HTML(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	if r.memo != nil {
		if h, ok := r.memo.get(src); ok {
			return h, nil
		}
	}
	var key buildcache.Key
	if r.store != nil {
		key = buildcache.KeyOf(r.storeKey, []byte(src))
		if h, ok := r.store.Get(key); ok {
			if r.memo != nil {
				r.memo.put(src, h)
			}
			return h, nil
		}
	}
	sc, _ := r.bufs.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
		sc.w = bufio.NewWriter(&sc.out)
	}
	sc.out.Reset()
	sc.w.Reset(&sc.out)
	sc.out.Grow(len(src) + len(src)/4)
	if err := r.md.Convert([]byte(lineEndings(src)), sc.w); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	h := sc.out.String()
	if sc.out.Cap() <= maxKept {
		r.bufs.Put(sc)
	}
	if r.memo != nil {
		r.memo.put(src, h)
	}
	if r.store != nil {
		r.store.Put(key, h)
	}
	return h, nil
}

// lineEndings turns CRLF and a lone CR into LF: CommonMark counts a lone
// CR as a line ending, goldmark does not, and would carry it into a code
// block's language class.
func lineEndings(src string) string {
	if !strings.Contains(src, "\r") {
		return src
	}
	return strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
}

// safeRenderer takes over the node kinds that can carry markup or a URL and
// hands safe cases back to goldmark's own HTML renderer.
type safeRenderer struct {
	base map[ast.NodeKind]renderer.NodeRendererFunc
}

func newSafeRenderer() *safeRenderer {
	base := funcs{}
	html.NewRenderer().RegisterFuncs(base)
	return &safeRenderer{base: base}
}

// funcs captures the functions a NodeRenderer registers.
type funcs map[ast.NodeKind]renderer.NodeRendererFunc

func (f funcs) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f[k] = fn }

func (s *safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, s.rawHTML)
	reg.Register(ast.KindHTMLBlock, s.htmlBlock)
	reg.Register(ast.KindLink, s.link)
	reg.Register(ast.KindImage, s.image)
	reg.Register(ast.KindAutoLink, s.autoLink)
	reg.Register(ast.KindFencedCodeBlock, s.fencedCode)
}

// fencedCode ends a code block's language at its first space or control
// character of any kind: goldmark ends it at an ASCII space only, and a
// form feed would split the class attribute into two classes.
func (s *safeRenderer) fencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	if entering && n.Info != nil {
		seg := n.Info.Segment
		info := seg.Value(src)
		if i := bytes.IndexFunc(info, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i == 0 {
			n.Info = nil
		} else if i > 0 {
			n.Info = ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+i))
		}
	}
	return s.base[ast.KindFencedCodeBlock](w, src, node, entering)
}

func (s *safeRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := node.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			seg := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

// htmlBlock shows a block of raw HTML as a paragraph of text.
func (s *safeRenderer) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	var text bytes.Buffer
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		text.Write(line.Value(src))
	}
	if n.HasClosure() {
		text.Write(n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(text.Bytes(), "\r\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// link renders a dangerous link as its text alone.
func (s *safeRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if Dangerous(destination(node.(*ast.Link).Destination), false) {
		return ast.WalkContinue, nil
	}
	return s.base[ast.KindLink](w, src, node, entering)
}

// image renders a dangerous image as its alt text.
func (s *safeRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if Dangerous(destination(node.(*ast.Image).Destination), true) {
		return ast.WalkContinue, nil
	}
	return s.base[ast.KindImage](w, src, node, entering)
}

func (s *safeRenderer) autoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.AutoLink)
	if Dangerous(destination(n.URL(src)), false) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.Label(src)))
		}
		return ast.WalkContinue, nil
	}
	return s.base[ast.KindAutoLink](w, src, node, entering)
}

// destination is a link destination as the browser will see it: goldmark
// keeps character references in the tree and resolves them when writing.
func destination(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		// Nothing to unescape or resolve, as in most URLs: the three
		// passes would each scan it, byte by byte.
		return string(b)
	}
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b))))
}

// headingShift moves a document's headings so the top one is at its level.
type headingShift int

func (base headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	top := 7
	eachHeading(doc, func(h *ast.Heading) { top = min(top, h.Level) })
	if top == 7 {
		return
	}
	eachHeading(doc, func(h *ast.Heading) { h.Level = min(h.Level-top+int(base), 6) })
}

// eachHeading calls fn for each heading under n. It walks blocks only: a
// heading is a block and holds no heading, and ast.Walk's visit of every
// word and emphasis was most of the cost of a long postmortem's shift.
func eachHeading(n ast.Node, fn func(*ast.Heading)) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue
		}
		if h, ok := c.(*ast.Heading); ok {
			fn(h)
			continue
		}
		eachHeading(c, fn)
	}
}
