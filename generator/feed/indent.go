package feed

import "bytes"

// indent appends to dst the compact JSON src indented by two spaces, as
// json.Indent would: empty objects and arrays stay {} and [], a colon is
// followed by a space. src must be valid JSON without space between its
// tokens, as encoding/json writes it. json.Indent steps a scanner through
// every byte of every string; a feed is mostly the HTML of its entries,
// and 303 feeds of issue 20's set spent a fifth of their time there.
func indent(dst, src []byte) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, "  "...)
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			// Copy the string up to its closing quote: the first one that
			// an even number of backslashes (escapes of themselves) precede.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					// Not valid JSON; copy what is left as it is.
					return append(dst, src[i:]...)
				}
				j += k
				n := 0
				for src[j-1-n] == '\\' {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
