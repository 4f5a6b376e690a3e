// Package scaffold writes the files buoy creates for its users: a new
// status repository (`buoy init`), a new incident or maintenance file
// (`buoy new`), and the GitHub workflows, rendered from one set of embedded
// templates for status repositories and for buoy's own repository.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"
)

//go:embed all:templates
var templates embed.FS

// File is one file to write, its path relative to the repository and
// slash-separated.
type File struct {
	Path string
	Data []byte
}

// ConflictError lists the files that already exist, so nothing was written.
type ConflictError struct {
	Dir   string
	Paths []string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s already holds %s; nothing was written", e.Dir, strings.Join(e.Paths, ", "))
}

// Write writes files under dir, creating folders as needed. It never
// overwrites: when any file exists, or a file stands where a folder is
// needed, it writes nothing and returns a *ConflictError naming every one
// of them.
func Write(dir string, files []File) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	seen := map[string]bool{}
	var conflicts []string
	for _, f := range files {
		p, err := conflict(dir, f.Path)
		if err != nil {
			return err
		}
		if p != "" && !seen[p] {
			seen[p] = true
			conflicts = append(conflicts, p)
		}
	}
	if len(conflicts) > 0 {
		sort.Strings(conflicts)
		return &ConflictError{Dir: dir, Paths: conflicts}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeNew(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// conflict returns what stands in the way of writing rel under dir: rel
// itself when it exists, or a parent of it that is not a folder; "" when
// nothing does.
func conflict(dir, rel string) (string, error) {
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil
		case err != nil:
			return "", err
		case i == len(parts)-1 || !info.IsDir():
			return p, nil
		}
	}
	return "", nil
}

// writeNew creates p and fails if it exists, even when it appeared after
// the caller looked.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(p)
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// render executes one embedded template, after the partials it uses.
// Templates use [% %] as delimiters, since workflows are full of GitHub's
// ${{ }}.
func render(name string, data any, partials ...string) ([]byte, error) {
	t := template.New(name).Delims("[%", "%]").Option("missingkey=error").Funcs(funcs)
	for _, n := range append(partials, name) {
		src, err := templates.ReadFile(path.Join("templates", n))
		if err != nil {
			return nil, err
		}
		if _, err := t.New(n).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

var funcs = template.FuncMap{
	"yaml": yamlScalar,
	"flow": yamlFlow,
	"indent": func(n int, s string) string {
		pad := strings.Repeat(" ", n)
		return pad + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pad)
	},
}

// yamlScalar quotes s only when YAML would read it as something other
// than this string (a number, null, "*", a string with ": ").
func yamlScalar(s string) (string, error) {
	out, err := yaml.Marshal(s)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

// yamlFlow renders a list of strings as a YAML flow sequence: [a, b].
func yamlFlow(list []string) (string, error) {
	items := make([]string, len(list))
	for i, s := range list {
		q, err := yamlScalar(s)
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(q, ",[]{}") && !strings.HasPrefix(q, `"`) && !strings.HasPrefix(q, "'") {
			// Plain scalars in flow context cannot hold flow indicators.
			q = fmt.Sprintf("%q", s)
		}
		items[i] = q
	}
	return "[" + strings.Join(items, ", ") + "]", nil
}
