package yamlfile

import (
	"bytes"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/safetext"
)

// maxTextProblems bounds the reports about one file's characters: a binary
// file would otherwise give one per line.
const maxTextProblems = 20

// Text reports every line of data (a whole file, or a part starting at
// line firstLine) that holds a character user text may not hold: a control
// character, a noncharacter or invalid UTF-8. Line endings (LF, CRLF) and
// tabs are fine, and so is a byte order mark at the start of the file. It
// returns false when it reported anything. Each problem names the exact
// line and column, which YAML's own error would not.
func (d *Doc) Text(data []byte, firstLine int) bool {
	if firstLine == 1 {
		data = bytes.TrimPrefix(data, []byte(safetext.BOM))
	}
	// Most files are clean: look line by line only when one is not. A
	// carriage return is allowed before a newline only, so CRLF files
	// take the slow path; it is the same scan.
	if _, _, bad := safetext.Bad(string(data)); !bad {
		return true
	}
	found := 0
	line := firstLine
	for len(data) > 0 {
		text := data
		next := []byte(nil)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, next = data[:i], data[i+1:]
		}
		text = bytes.TrimSuffix(text, []byte("\r"))
		if off, what, bad := safetext.Bad(string(text)); bad {
			if found == maxTextProblems {
				d.Problems.Add(d.Path, line+d.LineOffset, 0, "more lines hold characters that are not text; is this a text file?")
				return false
			}
			found++
			col := utf8.RuneCount(text[:off]) + 1
			d.Problems.Add(d.Path, line+d.LineOffset, col, "%s is not allowed in text; remove it", what)
		}
		data = next
		line++
	}
	return found == 0
}

// scalars reports every key or value that holds, through an escape such as
// "\x01" or "\uFFFE", a character user text may not hold: Text has already
// refused them written as they are.
func (d *Doc) scalars(n *yaml.Node) {
	if n == nil || n.Kind == yaml.AliasNode {
		return
	}
	if n.Kind == yaml.ScalarNode {
		if off, what, bad := safetext.Bad(n.Value); bad {
			d.Errorf(n, "%s (character %d of this value) is not allowed in text; remove it", what, utf8.RuneCountInString(n.Value[:off])+1)
		}
		return
	}
	for _, c := range n.Content {
		d.scalars(c)
	}
}
