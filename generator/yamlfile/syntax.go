package yamlfile

import (
	"fmt"
	"strconv"
	"strings"
)

// explain turns a YAML syntax error into the place and words a person
// needs. yaml.v3 names a line, often not the one at fault, and no column:
// the mistakes people make most (a tab, an entry indented a space off, an
// unquoted ": " in a text) are found in the text itself, at their line
// and column, with how to fix them. Anything else keeps yaml.v3's words.
func explain(data []byte, err error) (line, col int, msg string) {
	line, msg = syntaxError(err)
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if l, c, ok := tabIndent(lines); ok {
		return l, c, "a tab indents this line: YAML forbids tabs for indentation; indent with spaces"
	}
	if strings.Contains(msg, "did not find expected") || strings.Contains(msg, "mapping values are not allowed") ||
		strings.Contains(msg, "could not find expected ':'") {
		if l, c, m, ok := misindented(lines); ok {
			return l, c, m
		}
	}
	if strings.Contains(msg, "mapping values are not allowed") {
		if l, c, m, ok := colonInText(lines, line); ok {
			return l, c, m
		}
	}
	return line, 1, "invalid YAML: " + msg
}

// tabIndent finds the first line whose indentation holds a tab.
func tabIndent(lines []string) (line, col int, ok bool) {
	for i, l := range lines {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if j := strings.IndexByte(indent, '\t'); j >= 0 && strings.TrimSpace(l) != "" {
			return i + 1, j + 1, true
		}
	}
	return 0, 0, false
}

// misindented finds the first line whose indentation matches no block
// open above it: an entry a space or two off from its siblings.
func misindented(lines []string) (line, col int, msg string, ok bool) {
	levels := []int{0} // indentation of the open blocks, innermost last
	opens := false     // the previous line opens a block below it
	scalar := -1       // indentation of the key of a | or > text being skipped
	for i, l := range lines {
		text := strings.TrimLeft(l, " ")
		indent := len(l) - len(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if scalar >= 0 {
			if indent > scalar {
				continue
			}
			scalar = -1
		}
		top := levels[len(levels)-1]
		switch {
		case indent > top && opens:
			levels = append(levels, indent)
		case indent > top:
			return i + 1, indent + 1, fmt.Sprintf("this line is indented %s, more than the line above, which opens no block: align it with the entries it belongs to (%s)", spaces(indent), spaces(top)), true
		case indent < top:
			for len(levels) > 1 && levels[len(levels)-1] > indent {
				levels = levels[:len(levels)-1]
			}
			if levels[len(levels)-1] != indent {
				return i + 1, indent + 1, fmt.Sprintf("this line is indented %s, which matches no entry above it: align it with its siblings (%d or %s)", spaces(indent), levels[len(levels)-1], spaces(top)), true
			}
		}
		// "- key: value" opens the item's mapping two columns in.
		item := text
		for strings.HasPrefix(item, "- ") {
			item = strings.TrimLeft(item[2:], " ")
			levels = append(levels, len(l)-len(item))
		}
		value := stripComment(item)
		opens = value == "-" || strings.HasSuffix(value, ":")
		if k := strings.Index(value, ": "); k >= 0 {
			if v := strings.TrimSpace(value[k+2:]); strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") {
				scalar = indent
				if item != text {
					scalar = len(l) - len(item)
				}
			}
		}
	}
	return 0, 0, "", false
}

// colonInText finds "key: text" where text holds ": ", which YAML reads as
// another key, on the line yaml.v3 names or, when it names none, the first
// such line.
func colonInText(lines []string, near int) (line, col int, msg string, ok bool) {
	try := func(i int) bool {
		l := lines[i]
		item := strings.TrimLeft(l, " ")
		for strings.HasPrefix(item, "- ") {
			item = strings.TrimLeft(item[2:], " ")
		}
		k := strings.Index(item, ": ")
		if k < 0 || strings.ContainsAny(item[:k], `"'{[`) {
			return false
		}
		value := strings.TrimSpace(item[k+2:])
		if value == "" || strings.ContainsAny(value[:1], `"'[{|>&*!`) {
			return false
		}
		if !strings.Contains(stripComment(value)+" ", ": ") {
			return false
		}
		start := len(l) - len(item) + k + 2
		start += len(item[k+2:]) - len(strings.TrimLeft(item[k+2:], " "))
		line, col = i+1, start+1
		msg = fmt.Sprintf(`this text holds ": ", which YAML reads as the start of another key: put the text in quotes, as %s: %s`,
			item[:k], strconv.Quote(stripComment(value)))
		return true
	}
	if near >= 1 && near <= len(lines) && try(near-1) {
		return line, col, msg, true
	}
	for i := range lines {
		if try(i) {
			return line, col, msg, true
		}
	}
	return 0, 0, "", false
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

// stripComment drops a trailing " # comment" and spaces.
func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
