package markdown

// This file adapts goldmark's extension/linkify.go (v1.8.5, MIT licence,
// Copyright (c) 2019 Yusuke Inuzuka): the same autolinks, found by
// hand-written matchers in place of its URL regular expressions, whose
// {1,256} repeat runs in regexp's slowest engine. At 50,000 texts a build
// they were an eighth of rendering. FuzzLinkify compares the matchers
// with goldmark's expressions and FuzzGFM the whole output with goldmark's
// own extension: a goldmark upgrade that changes either shows there.

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM with linkify in place of its Linkify,
// extended in the same order.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	linkify{}.Extend(m)
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

type linkify struct{}

func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyParser{}, 999)))
}

type linkifyParser struct{}

func (linkifyParser) Trigger() []byte {
	// ' ' stands for any white space and for the start of a line.
	return []byte{' ', '*', '_', '~', '('}
}

func (linkifyParser) CloseBlock(ast.Node, parser.Context) {}

func (linkifyParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if pc.IsInLinkLabel() {
		return nil
	}
	line, segment := block.PeekLine()
	consumes := 0
	start := segment.Start
	c := line[0]
	// Past the trigger when it is not the start of a line.
	if c == ' ' || c == '*' || c == '_' || c == '~' || c == '(' {
		consumes++
		start++
		line = line[1:]
	}

	var end int
	var protocol []byte
	typ := ast.AutoLinkURL
	if bytes.HasPrefix(line, []byte("http:")) || bytes.HasPrefix(line, []byte("https:")) || bytes.HasPrefix(line, []byte("ftp:")) {
		end = matchURL(line)
	}
	if end == 0 && bytes.HasPrefix(line, []byte("www.")) {
		end = matchWWW(line)
		protocol = []byte("http")
	}
	if end > 0 {
		switch line[end-1] {
		case '.':
			end--
		case ')':
			closing := 0
			for i := end - 1; i >= 0; i-- {
				switch line[i] {
				case ')':
					closing++
				case '(':
					closing--
				}
			}
			if closing > 0 {
				end -= closing
			}
		case ';':
			i := end - 2
			for ; i >= 0; i-- {
				if !util.IsAlphaNumeric(line[i]) {
					break
				}
			}
			if i != end-2 && line[i] == '&' {
				end = i
			}
		}
	}
	if end == 0 {
		if len(line) > 0 && util.IsPunct(line[0]) {
			return nil
		}
		typ = ast.AutoLinkEmail
		stop := util.FindEmailIndex(line)
		if stop < 0 {
			return nil
		}
		at := bytes.IndexByte(line, '@')
		if bytes.IndexByte(line[at:stop-1], '.') < 0 {
			return nil
		}
		end = stop
		if line[end-1] == '.' {
			end--
		}
		if end < len(line) && (line[end] == '-' || line[end] == '_') {
			return nil
		}
	}
	if consumes != 0 {
		ast.MergeOrAppendTextSegment(parent, segment.WithStop(segment.Start+1))
	}
	i := end - 1
	for ; i > 0; i-- {
		switch line[i] {
		case '?', '!', '.', ',', ':', '*', '_', '~':
			continue
		}
		break
	}
	i++
	consumes += i
	block.Advance(consumes)
	link := ast.NewAutoLink(typ, ast.NewTextSegment(text.NewSegment(start, start+i)))
	link.Protocol = protocol
	return link
}

// matchURL is the length of the URL at the start of b as goldmark's
//
//	^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]`]*)?
//
// matches it, or 0 when it does not.
func matchURL(b []byte) int {
	var p int
	switch {
	case bytes.HasPrefix(b, []byte("http://")):
		p = 7
	case bytes.HasPrefix(b, []byte("https://")):
		p = 8
	case bytes.HasPrefix(b, []byte("ftp://")):
		p = 6
	default:
		return 0
	}
	q := host(b, p)
	if q == 0 {
		return 0
	}
	if q+1 < len(b) && b[q] == ':' && isDigit(b[q+1]) {
		q += 2
		for q < len(b) && isDigit(b[q]) {
			q++
		}
	}
	return path(b, q, urlPathChars)
}

// matchWWW is matchURL for goldmark's
//
//	^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]`]*)?
//
// whose path, unlike the other's, holds no '$'.
func matchWWW(b []byte) int {
	if !bytes.HasPrefix(b, []byte("www.")) {
		return 0
	}
	q := host(b, 4)
	if q == 0 {
		return 0
	}
	return path(b, q, wwwPathChars)
}

// host matches [-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+ at b[p:] and returns
// where it ends, or 0. The repeat is greedy and takes '.' too, so the
// match is the longest run of at most 256 that a dot and a lower-case
// letter follow; the letters then run as far as they go.
func host(b []byte, p int) int {
	run := 0
	for p+run < len(b) && run < 256 && hostByte(b[p+run]) {
		run++
	}
	for n := run; n >= 1; n-- {
		if d := p + n; d+1 < len(b) && b[d] == '.' && isLower(b[d+1]) {
			q := d + 2
			for q < len(b) && isLower(b[q]) {
				q++
			}
			return q
		}
	}
	return 0
}

// The characters of a path besides letters and digits.
const (
	urlPathChars = "-@:%_+.~#$!?&/=();,'\">^{}[]`"
	wwwPathChars = "-@:%_+.~#!?&/=();,'\">^{}[]`"
)

// path matches (?:[/#?][chars]*)? at b[q:], chars being letters, digits
// and those of chars, and returns where the URL ends.
func path(b []byte, q int, chars string) int {
	if q < len(b) && (b[q] == '/' || b[q] == '#' || b[q] == '?') {
		q++
		for q < len(b) && (isAlnum(b[q]) || strings.IndexByte(chars, b[q]) >= 0) {
			q++
		}
	}
	return q
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isLower(c) || 'A' <= c && c <= 'Z' || isDigit(c) }

func hostByte(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-@:%._+~#=", c) >= 0
}
