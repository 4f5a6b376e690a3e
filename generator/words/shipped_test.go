package words

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// TestShippedLanguagesComplete: every language the built-in theme ships has
// every key English has, no key English lacks (a misspelt key would never
// be shown), and for every count a page or output shows, the plural form
// its language's rule asks for.
func TestShippedLanguagesComplete(t *testing.T) {
	b := Builtin()
	if en := b.langs[Fallback]; en == nil || len(en.msgs) < 100 {
		t.Fatalf("English words not found: %v", b.Languages())
	}
	if got := b.Languages(); strings.Join(got, " ") != "de en es fr ja pt-BR ru zh-Hans" {
		t.Errorf("shipped languages = %v", got)
	}
	for _, p := range incomplete(b) {
		t.Error(p)
	}
}

// TestIncompleteFinds: the check above finds a missing key, a missing
// plural form, and a key English lacks.
func TestIncompleteFinds(t *testing.T) {
	b := &Book{langs: map[string]*lang{}}
	b.merge("en", parse(t, "en.yaml", "a: A\nn:\n  one: one day\n  other: \"{{ .Count }} days\"\n"))
	b.merge("fr", parse(t, "fr.yaml", "n:\n  other: \"{{ .Count }} jours\"\nb: B\n"))
	b.merge("ja", parse(t, "ja.yaml", "a: A\nn: \"{{ .Count }}日\"\n"))
	got := strings.Join(incomplete(b), "\n")
	for _, want := range []string{`fr: key "a" missing`, `fr.yaml:1: "n" lacks the plural form one of fr`, `fr.yaml:3: key "b" is not in English`} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ja") {
		t.Errorf("Japanese has only other, and a text is other:\n%s", got)
	}
}

func parse(t *testing.T, name, src string) map[string]*message {
	t.Helper()
	msgs, problems := parseFile(name, ".yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return msgs
}

// incomplete lists, language by language, the keys English has that the
// language lacks, the keys it has that English lacks (misspelt, never
// shown), and the plural forms its rule asks for that a counted text lacks.
func incomplete(b *Book) []string {
	en := b.langs[Fallback]
	var out []string
	for _, name := range b.Languages() {
		l := b.langs[strings.ToLower(name)]
		for _, key := range sortedKeys(en.msgs) {
			m := l.msgs[key]
			if m == nil {
				out = append(out, fmt.Sprintf("%s: key %q missing (English has it at %s:%d)", l.name, key, en.msgs[key].path, en.msgs[key].line))
				continue
			}
			if !en.msgs[key].plural && !m.plural {
				continue
			}
			for _, f := range neededForms(l.tag) {
				if m.forms[f] == nil {
					out = append(out, fmt.Sprintf("%s:%d: %q lacks the plural form %s of %s", m.path, m.line, key, formName(f), l.name))
				}
			}
		}
		for _, key := range sortedKeys(l.msgs) {
			if en.msgs[key] == nil {
				out = append(out, fmt.Sprintf("%s:%d: key %q is not in English: misspelt, or English lacks it", l.msgs[key].path, l.msgs[key].line, key))
			}
		}
	}
	return out
}

// TestNeededForms pins the rules the completeness test relies on.
func TestNeededForms(t *testing.T) {
	for tag, want := range map[string]string{"en": "one other", "fr": "one other", "ja": "other", "pt-BR": "one other", "pl": "few many one",
		"de": "one other", "es": "one other", "ru": "few many one", "zh-Hans": "other"} {
		var names []string
		for _, f := range neededForms(language.MustParse(tag)) {
			names = append(names, formName(f))
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%s needs %q, want %q", tag, got, want)
		}
	}
}

// neededForms are the plural forms a language uses for the counts buoy
// shows (days, incidents, rounds): 0 to 1,000.
func neededForms(tag language.Tag) []plural.Form {
	seen := map[plural.Form]bool{}
	for n := 0; n <= 1000; n++ {
		seen[form(tag, n)] = true
	}
	var out []plural.Form
	for f := plural.Other; f <= plural.Many; f++ {
		if seen[f] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return formName(out[i]) < formName(out[j]) })
	return out
}

func formName(f plural.Form) string {
	for name, g := range formNames {
		if g == f {
			return name
		}
	}
	return "?"
}

func sortedKeys(m map[string]*message) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
