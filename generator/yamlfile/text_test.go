package yamlfile

import (
	"strings"
	"testing"
)

// A binary file gives a bounded report, not one problem per line.
func TestTextBounded(t *testing.T) {
	d := &Doc{Path: "incidents/2020-01-01-x.yaml"}
	if d.Parse([]byte(strings.Repeat("\x00\x01binary\n", 1000))) != nil {
		t.Fatal("a binary file parsed")
	}
	if len(d.Problems) != maxTextProblems+1 {
		t.Fatalf("%d problems", len(d.Problems))
	}
	if got, want := d.Problems[0].String(), "incidents/2020-01-01-x.yaml:1:1: the control character U+0000 is not allowed in text; remove it"; got != want {
		t.Errorf("first: %s", got)
	}
	if got, want := d.Problems[maxTextProblems].String(), "incidents/2020-01-01-x.yaml:21: more lines hold characters that are not text; is this a text file?"; got != want {
		t.Errorf("last: %s", got)
	}
}

// Columns count characters, as editors do, and CRLF is a line ending.
func TestTextColumns(t *testing.T) {
	d := &Doc{Path: "status.yaml", LineOffset: 2}
	d.Text([]byte("title: ok\r\nname: Ünïcödé \uFFFF\r\n"), 1)
	if got, want := d.Problems.Error(), "status.yaml:4:15: the noncharacter U+FFFF is not allowed in text; remove it"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
