package yamlfile

import "testing"

// The syntax errors people make most are reported at the line and column
// at fault, saying how to fix them.
func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"colon in an update's text",
			"title: Website down\nupdates:\n  - at: 2025-01-01T00:00:00Z\n    status: investigating\n    text: We are on it. Update: fixed\n",
			`f.yaml:5:11: this text holds ": ", which YAML reads as the start of another key: put the text in quotes, as text: "We are on it. Update: fixed"`},
		{"colon in the first line",
			"title: Error: 502 on the site  # a comment\ncomponents: [web]\n",
			`f.yaml:1:8: this text holds ": ", which YAML reads as the start of another key: put the text in quotes, as title: "Error: 502 on the site"`},
		{"item a space right",
			"components:\n  - id: web\n    name: Web\n   - id: api\n    name: API\n",
			"f.yaml:4:4: this line is indented 3 spaces, which matches no entry above it: align it with its siblings (2 or 4 spaces)"},
		{"item a space left",
			"components:\n  - id: web\n    name: Web\n - id: api\n   name: API\n",
			"f.yaml:4:2: this line is indented 1 space, which matches no entry above it: align it with its siblings (0 or 4 spaces)"},
		{"key a space right",
			"components:\n  - id: web\n    name: Web\n  - id: api\n     name: API\n",
			"f.yaml:5:6: this line is indented 5 spaces, more than the line above, which opens no block: align it with the entries it belongs to (4 spaces)"},
		{"key a space left",
			"components:\n  - id: web\n    name: Web\n  - id: api\n   name: API\n",
			"f.yaml:5:4: this line is indented 3 spaces, which matches no entry above it: align it with its siblings (2 or 4 spaces)"},
		{"after a block text",
			"updates:\n  - at: 2025-01-01T00:00:00Z\n    text: |\n      Line one.\n        Indented more: fine.\n   status: resolved\n",
			"f.yaml:6:4: this line is indented 3 spaces, which matches no entry above it: align it with its siblings (2 or 4 spaces)"},
		{"tab",
			"title: T\ncomponents:\n\t- id: web\n",
			"f.yaml:3:1: a tab indents this line: YAML forbids tabs for indentation; indent with spaces"},
		{"tab after spaces",
			"title: T\ncomponents:\n  - id: web\n  \tname: Web\n",
			"f.yaml:4:3: a tab indents this line: YAML forbids tabs for indentation; indent with spaces"},
		{"other errors keep yaml's words",
			"title: [unclosed\n",
			"f.yaml:1:1: invalid YAML: did not find expected ',' or ']'"},
	} {
		d := Doc{Path: "f.yaml"}
		if n := d.Parse([]byte(tc.data)); n != nil || len(d.Problems) != 1 {
			t.Errorf("%s: %v", tc.name, d.Problems)
			continue
		}
		if got := d.Problems[0].String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// Front matter is reported at its line in the Markdown file.
	d := Doc{Path: "f.md", LineOffset: 1}
	d.Parse([]byte("title: A: B\n"))
	if got := d.Problems.Error(); got != `f.md:2:8: this text holds ": ", which YAML reads as the start of another key: put the text in quotes, as title: "A: B"` {
		t.Errorf("front matter: %s", got)
	}
}
