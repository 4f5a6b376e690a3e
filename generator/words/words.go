// Package words is every word buoy writes for people, in their language:
// the theme's i18n files, the very files Hugo's i18n reads for the
// templates, with a repository's own i18n/ over them, answered for the
// outputs Go writes itself (feeds, the calendar, the API, badges, alerts,
// drafted incidents). A template and Go asking for one key in one language
// get one text.
//
// It reads the files as Hugo's i18n (go-i18n) does, without importing it: a
// key's value is a text, or its plural forms (zero, one, two, few, many,
// other) chosen by the count's CLDR plural rule in the language the text
// was found in; a text is a Go template over the arguments (`{{ .Count }}`).
package words

import (
	"html"
	"sort"
	"strconv"
	"strings"

	"github.com/buoystatus/buoy/themes"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Fallback is the language whose words stand in for those another
// language lacks, last in every fallback order.
const Fallback = "en"

// Args are a text's arguments, by the names its template uses: "Count"
// also picks the plural form.
type Args = map[string]any

// Book holds a site's words in every language its theme and repository
// have. It is read-only once loaded, and safe for concurrent use.
type Book struct {
	// langs are by lower-case tag, as Hugo matches language files.
	langs map[string]*lang
}

// lang is one language's messages, its files merged: a repository's over
// its theme's over the built-in theme's.
type lang struct {
	name string // as its file is named: "pt-BR"
	tag  language.Tag
	msgs map[string]*message
}

// Languages lists the languages the book has words in, as their files name
// them, sorted.
func (b *Book) Languages() []string {
	out := make([]string, 0, len(b.langs))
	for _, l := range b.langs {
		out = append(out, l.name)
	}
	sort.Strings(out)
	return out
}

// In returns the words for a BCP 47 tag, the site's language or an
// incident's.
func (b *Book) In(tag string) Words {
	have := make([]string, 0, len(b.langs))
	for k := range b.langs {
		have = append(have, k)
	}
	var chain []*lang
	for _, k := range Fallbacks(tag, have) {
		chain = append(chain, b.langs[k])
	}
	return Words{tag: tag, chain: chain}
}

// T is b.In(tag).T(key, args).
func (b *Book) T(tag, key string, args any) string { return b.In(tag).T(key, args) }

// Fallbacks is the order in which languages are asked for a key of tag,
// among the languages have; the pages choose their UI strings in the same
// order (themes.Fallbacks owns it).
func Fallbacks(tag string, have []string) []string { return themes.Fallbacks(tag, have) }

// Words are one language's words, with its fallbacks.
type Words struct {
	tag   string
	chain []*lang
}

// Lang is the tag the words were asked for.
func (w Words) Lang() string { return w.tag }

// T returns the text of key: the first of the fallback languages to have
// it, its plural form chosen by args' count, its template run on args.
// args is nil, a count (an int, as Hugo's `T "key" 3`), or Args. A key no
// language has comes back as itself, which a test notices sooner than an
// empty string.
func (w Words) T(key string, args any) string {
	data, count, counted := arguments(args)
	for _, l := range w.chain {
		m := l.msgs[key]
		if m == nil {
			continue
		}
		t := m.pick(l.tag, count, counted)
		if s, err := t.run(data); err == nil {
			return s
		}
		// A text that fails on these arguments (a field they lack) gives
		// way to the next language's.
	}
	return key
}

// Has reports whether any of the fallback languages has key.
func (w Words) Has(key string) bool {
	for _, l := range w.chain {
		if l.msgs[key] != nil {
			return true
		}
	}
	return false
}

// HTML is text already safe in HTML, an argument Words.HTML inserts as it is.
type HTML string

// HTML is T for an HTML document: the text and its plain arguments are
// escaped, arguments of type HTML go in as they are (a name wrapped in
// <bdi>, a <time>).
func (w Words) HTML(key string, args Args) string {
	plain := make(Args, len(args))
	var marks []string
	for k, v := range args {
		if h, ok := v.(HTML); ok {
			// NUL never comes out of a text: the files refuse it.
			mark := "\x00" + strconv.Itoa(len(marks)) + "\x00"
			marks = append(marks, mark, string(h))
			v = mark
		}
		plain[k] = v
	}
	s := html.EscapeString(w.T(key, plain))
	if len(marks) > 0 {
		s = strings.NewReplacer(marks...).Replace(s)
	}
	return s
}

// arguments turns T's args into a template's data and a plural count, as
// Hugo's i18n does: a bare count is .Count.
func arguments(args any) (data any, count int, counted bool) {
	switch a := args.(type) {
	case nil:
		return nil, 0, false
	case int:
		return Args{"Count": a}, a, true
	case int64:
		return Args{"Count": a}, int(a), true
	case Args:
		for k, v := range a {
			if strings.EqualFold(k, "Count") {
				if n, ok := toInt(v); ok {
					return a, n, true
				}
			}
		}
		return a, 0, false
	}
	return args, 0, false
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case uint:
		return int(n), true
	}
	return 0, false
}

// form is the CLDR plural category of an integer count in a language.
func form(tag language.Tag, n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
}
