package words

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/yamlfile"
	"github.com/buoystatus/buoy/themes"
)

// Load reads the words of a site whose theme is named theme ("" for the
// built-in one): the i18n/ files of the repository repo, over those of
// its themes/<theme>/ when it has that folder, over the built-in
// theme's, key by key, as Hugo layers a project's files over its theme's.
// The built-in words come last even under a theme of one's own, so that
// an older copy of the theme still gives every output its words. A nil
// repo gives the built-in words. Mistakes in the files come back as
// problems at their file, line and column; other errors are failures to
// read.
func Load(repo fs.FS, theme string) (*Book, diag.List, error) {
	return (*Memo)(nil).Load(repo, theme)
}

// Memo remembers the last book it loaded, and gives it again while the
// repository's files it came from read the same: `buoy serve` loads the
// repository again on every edit. A Memo is not safe for concurrent use;
// a nil Memo remembers nothing.
type Memo struct {
	files []file // the repository's, as read
	book  *Book
}

// Load is the package's Load, through the memo.
func (m *Memo) Load(repo fs.FS, theme string) (*Book, diag.List, error) {
	var layers []layer
	if repo != nil {
		layers = append(layers, layer{repo, "i18n", ""})
		fsys, dir, err := themes.Find(repo, theme)
		if err != nil {
			return nil, nil, err
		}
		// The built-in theme's words come last, whatever the theme.
		if dir != "." {
			layers = append(layers, layer{fsys, path.Join(dir, "i18n"), ""})
		}
	}
	var files []file
	var problems diag.List
	for _, l := range layers {
		got, p, err := l.read()
		if err != nil {
			return nil, nil, err
		}
		files = append(files, got...)
		problems = append(problems, p...)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	if m != nil && m.book != nil && sameFiles(m.files, files) {
		return m.book, nil, nil
	}
	// The built-in theme's are embedded: the same on every load.
	builtin, _, err := layer{themes.Buoy(), "i18n", "themes/" + themes.Default + "/"}.read()
	if err != nil {
		return nil, nil, err
	}
	b := &Book{langs: map[string]*lang{}}
	for i, f := range append(append([]file{}, files...), builtin...) {
		if i >= len(files) && hasCopy(files, f) {
			// A repository that carries the built-in theme (the example
			// site, a theme copied to be changed) has given every key of
			// this file already: parsing it again would add none.
			continue
		}
		msgs, ps := parseFile(f.path, f.ext, f.data)
		problems = append(problems, ps...)
		b.merge(f.lang, msgs)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	if m != nil {
		m.files, m.book = files, b
	}
	return b, nil, nil
}

// file is one i18n file as read.
type file struct {
	path, ext, lang string
	data            []byte
}

// hasCopy tells whether files has f's bytes for f's language, whose
// keys Book.merge then keeps.
func hasCopy(files []file, f file) bool {
	for _, g := range files {
		if g.lang == f.lang && g.ext == f.ext && bytes.Equal(g.data, f.data) {
			return true
		}
	}
	return false
}

func sameFiles(a, b []file) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].path != b[i].path || !bytes.Equal(a[i].data, b[i].data) {
			return false
		}
	}
	return true
}

// i18nExt are the extensions of the files Hugo reads translations from.
var i18nExt = map[string]bool{".yaml": true, ".yml": true, ".toml": true, ".json": true}

// Builtin returns the built-in theme's words alone, for a caller with no
// repository at hand (tests, `buoy init`).
func Builtin() *Book {
	b, problems, err := Load(nil, "")
	if err != nil || len(problems) > 0 {
		// The files are embedded at compile time and checked by tests.
		panic(fmt.Sprintf("built-in theme words: %v%v", err, problems.Err()))
	}
	return b
}

// layer is a folder of i18n files; shown prefixes paths in problems.
type layer struct {
	fsys  fs.FS
	dir   string
	shown string
}

// read reads the files of one layer, in the order their keys count:
// sorted, so that of two files of one language the same one wins.
func (l layer) read() ([]file, diag.List, error) {
	entries, err := fs.ReadDir(l.fsys, l.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if r := confine.Reason(err); r != nil {
		return nil, diag.List{{Path: l.shown + l.dir, Msg: r.Error()}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", l.shown+l.dir, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var files []file
	var problems diag.List
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || !i18nExt[ext] {
			continue
		}
		p := path.Join(l.dir, e.Name())
		data, err := fs.ReadFile(l.fsys, p)
		if r := confine.Reason(err); r != nil {
			problems.Add(l.shown+p, 0, 0, "%s", r.Error())
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", l.shown+p, err)
		}
		files = append(files, file{path: l.shown + p, ext: ext, lang: strings.TrimSuffix(e.Name(), ext), data: data})
	}
	return files, problems, nil
}

// merge adds msgs to the language name, keeping the keys it has.
func (b *Book) merge(name string, msgs map[string]*message) {
	k := strings.ToLower(name)
	l := b.langs[k]
	if l == nil {
		tag, err := language.Parse(name)
		if err != nil {
			tag = language.Und // a name that is no tag: no plural forms but other
		}
		l = &lang{name: name, tag: tag, msgs: map[string]*message{}}
		b.langs[k] = l
	}
	for key, m := range msgs {
		if _, ok := l.msgs[key]; !ok {
			l.msgs[key] = m
		}
	}
}

// parseFile reads one i18n file into messages by key.
func parseFile(p, ext string, data []byte) (map[string]*message, diag.List) {
	d := &yamlfile.Doc{Path: p}
	var root *yaml.Node
	if ext == ".toml" {
		root = tomlNode(d, data)
	} else {
		// JSON is YAML.
		root = d.Parse(data)
	}
	msgs := map[string]*message{}
	if root != nil {
		walk(d, root, "", msgs)
	}
	return msgs, d.Problems
}

// tomlNode decodes TOML into the node tree YAML gives, without positions.
func tomlNode(d *yamlfile.Doc, data []byte) *yaml.Node {
	if !d.Text(data, 1) {
		return nil
	}
	var v map[string]any
	if err := toml.Unmarshal(data, &v); err != nil {
		line, col := 1, 1
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col = de.Position()
		}
		d.Problems.Add(d.Path, line, col, "%v", err)
		return nil
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		d.Errorf(nil, "%v", err)
		return nil
	}
	return &n
}

// walk reads a mapping of keys to messages; a mapping without message
// keys nests its keys under its own, joined by a dot, as go-i18n does.
func walk(d *yamlfile.Doc, n *yaml.Node, prefix string, msgs map[string]*message) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := prefix + k.Value
		switch {
		case v.Kind == yaml.ScalarNode:
			if v.Tag == "!!null" {
				v = &yaml.Node{Kind: yaml.ScalarNode, Value: "", Line: v.Line, Column: v.Column}
			}
			if t := parseAt(d, v, key); t != nil {
				msgs[key] = &message{forms: map[plural.Form]*text{plural.Other: t}, path: d.Path, line: k.Line}
			}
		case v.Kind == yaml.MappingNode && isMessage(v):
			if m := pluralMessage(d, v, key); m != nil {
				m.line = k.Line
				msgs[key] = m
			}
		case v.Kind == yaml.MappingNode:
			walk(d, v, key+".", msgs)
		default:
			d.Errorf(v, "%q: expected a text, or its plural forms (one, other…), got %s", key, yamlfile.Describe(v))
		}
	}
}

// isMessage tells a message's mapping (its plural forms) from a mapping of
// nested keys.
func isMessage(n *yaml.Node) bool {
	for i := 0; i < len(n.Content); i += 2 {
		if reserved(n.Content[i].Value) {
			return true
		}
	}
	return false
}

func reserved(k string) bool {
	switch strings.ToLower(k) {
	case "id", "description", "hash", "translation":
		return true
	}
	_, ok := formNames[strings.ToLower(k)]
	return ok
}

// pluralMessage reads a message's mapping: its plural forms, or its
// "translation", as go-i18n reads them.
func pluralMessage(d *yamlfile.Doc, n *yaml.Node, key string) *message {
	m := &message{forms: map[plural.Form]*text{}, plural: true, path: d.Path, line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.ToLower(k.Value)
		switch {
		case !reserved(name):
			d.Errorf(k, "%q: %q is no plural form (zero, one, two, few, many, other)", key, k.Value)
		case name == "translation" && v.Kind == yaml.MappingNode:
			inner := pluralMessage(d, v, key)
			if inner == nil {
				return nil
			}
			m.forms = inner.forms
		case name == "translation":
			if t := parseAt(d, v, key); t != nil {
				m.forms[plural.Other] = t
				m.plural = false
			}
		case name == "id", name == "description", name == "hash":
			// Notes for translators.
		case v.Kind != yaml.ScalarNode:
			d.Errorf(v, "%q: the %s form must be a text, got %s", key, name, yamlfile.Describe(v))
		default:
			if t := parseAt(d, v, key); t != nil {
				m.forms[formNames[name]] = t
			}
		}
	}
	if m.forms[plural.Other] == nil {
		d.Errorf(n, "%q: plural forms need other, the form of every count no other form covers", key)
		return nil
	}
	return m
}

// parseAt parses a scalar's text, reporting a template error at it.
func parseAt(d *yamlfile.Doc, v *yaml.Node, key string) *text {
	t, err := parseText(v.Value)
	if err != nil {
		d.Errorf(v, "%q: %v", key, strings.TrimPrefix(err.Error(), "template: :"))
		return nil
	}
	return t
}
