package words

import (
	"strings"
	"text/template"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// message is one key's value in one language.
type message struct {
	// forms holds the text of each plural form; a key with no plural
	// forms has only Other.
	forms map[plural.Form]*text
	// plural is set when the file gave forms rather than one text.
	plural bool
	// path and line say where it was written.
	path string
	line int
}

// pick chooses the form for a count, as go-i18n does: the count's form in
// the language when the message has it, else other.
func (m *message) pick(tag language.Tag, count int, counted bool) *text {
	if counted {
		if t := m.forms[form(tag, count)]; t != nil {
			return t
		}
	}
	return m.forms[plural.Other]
}

// text is one text, parsed once.
type text struct {
	src string
	// tmpl is nil for a text without actions, which is returned as it is.
	tmpl *template.Template
}

// parseText parses src as go-i18n does: the default delimiters, a missing
// key printed as "<no value>", no functions.
func parseText(src string) (*text, error) {
	if !strings.Contains(src, "{{") {
		return &text{src: src}, nil
	}
	t, err := template.New("").Option("missingkey=default").Parse(src)
	if err != nil {
		return nil, err
	}
	return &text{src: src, tmpl: t}, nil
}

func (t *text) run(data any) (string, error) {
	if t.tmpl == nil {
		return t.src, nil
	}
	var b strings.Builder
	if err := t.tmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// formNames are go-i18n's names of the plural forms.
var formNames = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}
