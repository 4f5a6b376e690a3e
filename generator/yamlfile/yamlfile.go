// Package yamlfile reads a user's YAML file as a node tree and decodes it
// field by field, so that every mistake is reported with the line and column
// where it stands, and unknown keys are errors rather than silently ignored.
package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/diag"
)

// Doc decodes one file, collecting problems instead of stopping at the first.
type Doc struct {
	Path string
	// LineOffset is added to every line, for YAML that starts further down
	// a file (front matter of a Markdown file).
	LineOffset int
	Problems   diag.List
}

// Parse parses data and returns the root mapping node, or nil with a
// problem recorded when the file is not a YAML mapping or holds characters
// that are not text (see Text), as they are or escaped in a value.
func (d *Doc) Parse(data []byte) *yaml.Node {
	if !d.Text(data, 1) {
		return nil
	}
	return d.ParseChecked(data)
}

// ParseChecked is Parse for data a caller has already checked with Text,
// as a part of a whole it checked: the front matter of a Markdown file.
func (d *Doc) ParseChecked(data []byte) *yaml.Node {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			d.Problems.Add(d.Path, 1+d.LineOffset, 1, "file is empty: expected a YAML mapping")
			return nil
		}
		line, col, msg := explain(data, err)
		d.Problems.Add(d.Path, line+d.LineOffset, col, "%s", msg)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.Errorf(&extra, "a file holds one YAML document; remove the second (after ---)")
	}
	d.scalars(&root)
	n := &root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "expected a mapping of keys to values at the top of the file")
		return nil
	}
	return n
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError pulls the line out of yaml.v3's message, which has no column.
func syntaxError(err error) (int, string) {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, m[2]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

// Errorf records a problem at a node's position.
func (d *Doc) Errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.Problems.Add(d.Path, line+d.LineOffset, col, format, args...)
}

// Field is one key of a mapping with its value node.
type Field struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// Fields walks a mapping: it calls set for each key it knows, reports
// unknown and duplicate keys, and reports missing required keys at the
// mapping itself. It returns false when n is not a mapping.
func (d *Doc) Fields(n *yaml.Node, what string, known []string, required []string, set func(key string, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping of keys to values", what)
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		switch {
		case !contains(known, key):
			d.Errorf(k, "unknown key %q in %s%s", key, what, Suggest(key, known))
		case seen[key]:
			d.Errorf(k, "duplicate key %q in %s", key, what)
		default:
			seen[key] = true
			set(key, v)
		}
	}
	for _, r := range required {
		if !seen[r] {
			d.Errorf(n, "missing required key %q in %s", r, what)
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Suggest names the closest known name for a typo, as " (did you mean …?)", or "".

func Suggest(key string, known []string) string {
	// Short names are all a few edits apart; only suggest close matches.
	best, bestDist := "", min(3, (len(key)+1)/2)
	for _, k := range known {
		if d := distance(key, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + strconv.Quote(best) + "?)"
}

// distance is the optimal string alignment distance: Levenshtein plus
// adjacent transpositions, the most common typo ("wbe" for "web").
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
