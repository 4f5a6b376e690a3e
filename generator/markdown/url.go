package markdown

import "strings"

// Dangerous reports whether following or loading url could run code or
// read local files. It looks at the scheme the way a browser does: leading
// and trailing control characters and spaces are ignored and tabs and
// newlines inside are removed, so "java\tscript:" counts as "javascript:".
// Images may use data: URLs of raster formats, which cannot run script.
func Dangerous(url string, image bool) bool {
	scheme, rest, ok := schemeOf(url)
	if !ok {
		return false // relative URL
	}
	switch scheme {
	case "javascript", "vbscript", "file":
		return true
	case "data":
		if !image {
			return true
		}
		rest = strings.ToLower(rest)
		for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp"} {
			if strings.HasPrefix(rest, t) && (len(rest) == len(t) || rest[len(t)] == ';' || rest[len(t)] == ',') {
				return false
			}
		}
		return true
	}
	return false
}

// schemeOf returns the lower-cased scheme of url and what follows its colon.
func schemeOf(url string) (scheme, rest string, ok bool) {
	url = strings.TrimFunc(url, func(r rune) bool { return r <= ' ' })
	url = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, url)
	for i := 0; i < len(url); i++ {
		c := url[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(url[:i]), url[i+1:], true
		default:
			return "", "", false
		}
	}
	return "", "", false
}
