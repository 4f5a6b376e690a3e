// Package diag reports problems in a user's files by path, line and column,
// the form editors and CI annotations understand.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/buoystatus/buoy/generator/safetext"
)

// Problem is one mistake at one place in one file.
type Problem struct {
	// Path is relative to the status repository, with forward slashes.
	Path string
	Line int // 1-based; 0 when the problem concerns the whole file
	Col  int // 1-based; 0 when unknown
	Msg  string
}

// String is the problem as path:line:col: message, on one line. A file
// name or message holding control characters (a name can hold an escape
// sequence that would drive the terminal) shows them as Go escapes.
func (p Problem) String() string {
	path, msg := safetext.Printable(p.Path), safetext.Printable(p.Msg)
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", path, msg)
	case p.Col == 0:
		return fmt.Sprintf("%s:%d: %s", path, p.Line, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", path, p.Line, p.Col, msg)
}

// List is a set of problems; as an error it prints one per line.
type List []Problem

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, p := range l {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Add appends a problem at a position.
func (l *List) Add(path string, line, col int, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Sort orders problems by file, then position, so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
