package markdown

import (
	"strings"
	"sync"
	"testing"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		name string
		in   string
		want []string // substrings the output must contain
		not  []string // substrings it must not contain
	}{
		{name: "empty", in: "  \n", want: nil, not: []string{"<p>"}},
		{name: "paragraph", in: "We are *rolling back*.", want: []string{"<p>We are <em>rolling back</em>.</p>"}},
		{name: "table", in: "| a | b |\n|---|---|\n| 1 | 2 |\n", want: []string{"<table>", "<th>a</th>", "<td>2</td>"}},
		{name: "strikethrough", in: "~~old~~ new", want: []string{"<del>old</del> new"}},
		{name: "bare url autolinked", in: "see https://example.org/x for details",
			want: []string{`<a href="https://example.org/x">https://example.org/x</a>`}},
		{name: "angle autolink", in: "<https://example.org/>", want: []string{`<a href="https://example.org/">`}},
		{name: "plain link", in: "[docs](https://example.org/docs \"Docs\")",
			want: []string{`<a href="https://example.org/docs" title="Docs">docs</a>`}},
		{name: "relative link", in: "[history](/history/)", want: []string{`<a href="/history/">history</a>`}},
		{name: "mailto", in: "[mail](mailto:ops@example.org)", want: []string{`href="mailto:ops@example.org"`}},
		{name: "code keeps markup as text", in: "`<b>` and\n\n```\n<script>x</script>\n```\n",
			want: []string{"<code>&lt;b&gt;</code>", "&lt;script&gt;x&lt;/script&gt;"}, not: []string{"<script>", "<b>"}},

		// Raw HTML is shown, escaped, never dropped.
		{name: "inline script", in: "a <script>alert(1)</script> b",
			want: []string{"a &lt;script&gt;alert(1)&lt;/script&gt; b"}, not: []string{"<script", "omitted"}},
		{name: "block script", in: "<script>\nalert(1)\n</script>\n",
			want: []string{"<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>"}, not: []string{"<script", "omitted"}},
		{name: "block div", in: "<div onclick=\"x()\">hi</div>\n\nafter",
			want: []string{"&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;", "<p>after</p>"}, not: []string{"<div"}},
		{name: "inline img onerror", in: "x <img src=x onerror=alert(1)> y",
			want: []string{"&lt;img src=x onerror=alert(1)&gt;"}, not: []string{"<img"}},
		{name: "html comment", in: "<!-- hidden -->", want: []string{"&lt;!-- hidden --&gt;"}, not: []string{"<!--"}},
		{name: "iframe block", in: "<iframe src=\"https://evil.example/\"></iframe>",
			want: []string{"&lt;iframe"}, not: []string{"<iframe"}},
		{name: "svg inline", in: "text <svg onload=alert(1)>", want: []string{"&lt;svg onload=alert(1)&gt;"}, not: []string{"<svg"}},

		// Dangerous URLs lose the link and keep the text.
		{name: "javascript link", in: "[click](javascript:alert(1))", want: []string{"<p>click</p>"}, not: []string{"<a", "javascript"}},
		{name: "javascript upper", in: "[click](JaVaScRiPt:alert(1))", want: []string{"<p>click</p>"}, not: []string{"<a"}},
		{name: "javascript entity tab", in: "[click](java&#9;script:alert(1))", want: []string{"<p>click</p>"}, not: []string{"<a"}},
		{name: "javascript entity colon", in: "[click](javascript&#58;alert(1))", want: []string{"<p>click</p>"}, not: []string{"<a"}},
		{name: "javascript leading space", in: "[click](< javascript:alert(1)>)", want: []string{"click"}, not: []string{"<a"}},
		{name: "vbscript link", in: "[x](vbscript:msgbox)", want: []string{"<p>x</p>"}, not: []string{"<a"}},
		{name: "data html link", in: "[x](data:text/html;base64,PHNjcmlwdD4=)", want: []string{"<p>x</p>"}, not: []string{"<a", "data:"}},
		{name: "data png link is still a data link", in: "[x](data:image/png;base64,AAAA)", want: []string{"<p>x</p>"}, not: []string{"<a"}},
		{name: "file link", in: "[x](file:///etc/passwd)", want: []string{"<p>x</p>"}, not: []string{"<a"}},
		{name: "javascript reference link", in: "[x][r]\n\n[r]: javascript:alert(1)", want: []string{"<p>x</p>"}, not: []string{"<a"}},
		{name: "javascript autolink", in: "<javascript:alert(1)>", want: []string{"<p>javascript:alert(1)</p>"}, not: []string{"<a"}},
		{name: "link text keeps emphasis", in: "[**bold**](javascript:x)", want: []string{"<p><strong>bold</strong></p>"}},
		{name: "javascript image", in: "![alt text](javascript:alert(1))", want: []string{"<p>alt text</p>"}, not: []string{"<img"}},
		{name: "svg data image", in: "![logo](data:image/svg+xml;base64,PHN2Zz4=)", want: []string{"<p>logo</p>"}, not: []string{"<img"}},
		{name: "png data image", in: "![dot](data:image/png;base64,iVBORw0KGgo=)", want: []string{`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`}},
		{name: "https image", in: "![graph](https://example.org/g.png)", want: []string{`<img src="https://example.org/g.png" alt="graph">`}},
		{name: "attribute breakout in url", in: "[x](https://example.org/\"onmouseover=\"alert(1))",
			want: []string{`href="https://example.org/%22onmouseover=%22alert(1)"`}, not: []string{`"onmouseover`}},
		{name: "attribute breakout in title", in: "[x](https://example.org/ \"a\\\" onmouseover=\\\"b\")",
			want: []string{`title="a&quot; onmouseover=&quot;b"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := r.HTML(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q\nwant it to contain %q", tc.in, got, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("HTML(%q) = %q\nmust not contain %q", tc.in, got, n)
				}
			}
			if tc.want == nil && got != "" {
				t.Errorf("HTML(%q) = %q, want empty", tc.in, got)
			}
		})
	}
}

func TestHeadingBase(t *testing.T) {
	tests := []struct {
		base int
		in   string
		want string
	}{
		{3, "## Root cause\n\n### Detail\n", "<h3>Root cause</h3>\n<h4>Detail</h4>\n"},
		{3, "# A\n\n###### F\n", "<h3>A</h3>\n<h6>F</h6>\n"},
		{2, "### Only\n", "<h2>Only</h2>\n"},
		{3, "no heading", "<p>no heading</p>\n"},
		// Headings inside quotes and lists count and move too.
		{3, "> ## Quoted\n\n- # Listed\n\n  Setext\n  ------\n", "<blockquote>\n<h4>Quoted</h4>\n</blockquote>\n<ul>\n<li>\n<h3>Listed</h3>\n<h4>Setext</h4>\n</li>\n</ul>\n"},
	}
	for _, tc := range tests {
		got, err := New(HeadingBase(tc.base)).HTML(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("HeadingBase(%d).HTML(%q) = %q, %v; want %q", tc.base, tc.in, got, err, tc.want)
		}
	}
	if got, _ := New().HTML("## Kept\n"); got != "<h2>Kept</h2>\n" {
		t.Errorf("without HeadingBase, levels change: %q", got)
	}
}

func TestDangerous(t *testing.T) {
	tests := []struct {
		url   string
		image bool
		want  bool
	}{
		{"https://example.org/", false, false},
		{"/relative/path", false, false},
		{"#anchor", false, false},
		{"page.html?x=javascript:1", false, false},
		{"mailto:a@example.org", false, false},
		{"javascript:alert(1)", false, true},
		{"  JAVASCRIPT:alert(1)", false, true},
		{"\x01javascript:alert(1)", false, true},
		{"java\nscript:alert(1)", false, true},
		{"vbscript:x", true, true},
		{"file:///etc/passwd", false, true},
		{"data:text/html,<script>", false, true},
		{"data:image/png;base64,AA", false, true},
		{"data:image/png;base64,AA", true, false},
		{"DATA:IMAGE/JPEG,AA", true, false},
		{"data:image/svg+xml,<svg>", true, true},
		{"data:image/pngx,AA", true, true},
	}
	for _, tc := range tests {
		if got := Dangerous(tc.url, tc.image); got != tc.want {
			t.Errorf("Dangerous(%q, %v) = %v, want %v", tc.url, tc.image, got, tc.want)
		}
	}
}

// One renderer serves every page of a build from several goroutines.
func TestConcurrentUse(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got, err := r.HTML("**bold** <i>x</i>")
				if err != nil || got != "<p><strong>bold</strong> &lt;i&gt;x&lt;/i&gt;</p>\n" {
					t.Errorf("goroutine %d: got %q, %v", i, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
