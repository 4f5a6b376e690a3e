package view

import (
	"bytes"
	"reflect"
	"testing"
)

// fullIncident is an incident page with every field of its front matter
// set, each string to text (varied per field so that a field written
// under another's key shows).
func fullIncident(text string) frontMatter {
	st := func(n string) *stamp {
		return &stamp{UTC: text + n + "u", Text: map[string]string{"fr": text + n, "en": n + text, "pt-br": n}, Local: n + "l" + text, Zone: n + "z"}
	}
	sp := func(n int64) *span {
		return &span{Seconds: n, Parts: []spanPart{{N: n, Unit: text}, {N: -n, Unit: "s"}}, Key: text + "k"}
	}
	p := incidentParams{
		ID: text + "id", Kind: "k" + text, Lang: text + "lang", Impact: "i" + text, Status: text + "st", Phase: "ph" + text,
		Started: st("1"), Detected: st("2"), Resolved: st("3"), WindowStart: st("4"), WindowEnd: st("5"), Ended: st("6"),
		Duration: *sp(1 << 40), TTD: sp(-7), TTR: sp(3),
		Components: []affectedParams{{ID: "c" + text, Name: text + "n", Effect: "e" + text, Now: text + "now"}, {ID: "x", Name: text, Effect: "e"}},
		Updates:    []updateParams{{Status: text + "s", At: st("7"), HTML: "<p>" + text + "</p>"}, {Status: "s", HTML: text}},
		Postmortem: text + "pm", Month: "m" + text, Article: true,
	}
	return frontMatter{Title: text + "t", Date: "d" + text, Lastmod: text + "lm", Params: p}
}

func checkEncodeIncident(t *testing.T, fm frontMatter) {
	t.Helper()
	want, err := encode(fm)
	if err != nil {
		t.Fatal(err)
	}
	got, err := encodeIncident(fm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("encodeIncident:\n%s\nencode:\n%s", got, want)
	}
}

// Every field of an incident page is set in fullIncident: a field added to
// incidentParams (or its parts) must be set there, so that the comparison
// covers it.
func TestFullIncidentSetsEveryField(t *testing.T) {
	var check func(path string, v reflect.Value)
	check = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if path == "frontMatter.Build" {
				return // not an incident page's, as Type
			}
			if v.IsNil() {
				t.Errorf("%s is not set", path)
				return
			}
			check(path, v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				check(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			// The first element is complete; the others leave out
			// what may be absent.
			if v.Len() == 0 {
				t.Errorf("%s is empty", path)
				return
			}
			check(path, v.Index(0))
		default:
			if v.IsZero() && path != "frontMatter.Type" {
				t.Errorf("%s is not set", path)
			}
		}
	}
	check("frontMatter", reflect.ValueOf(fullIncident("a")))
}

func TestEncodeIncident(t *testing.T) {
	for _, text := range []string{"", "plain", `"q" \ </script> & é 漢 😀`, "\x00\x01\b\f\n\r\t\x1f\x7f", "\u2028\u2029", "\xff\xfe bad \xc3", "\xed\xa0\x80"} {
		fm := fullIncident(text)
		checkEncodeIncident(t, fm)
		// What is left out when empty or absent.
		p := fm.Params.(incidentParams)
		p.Status, p.Postmortem, p.Started, p.Detected, p.TTD, p.TTR, p.Article = "", "", nil, nil, nil, nil, false
		p.Components, p.Updates = []affectedParams{}, []updateParams{}
		p.Duration.Parts = []spanPart{}
		checkEncodeIncident(t, frontMatter{Title: fm.Title, Params: p})
		p.Components, p.Updates, p.Duration.Parts, p.Resolved = nil, nil, nil, &stamp{}
		checkEncodeIncident(t, frontMatter{Title: fm.Title, Params: p})
	}
}

func FuzzEncodeIncident(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff", "\u2028", "<&>"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fm := fullIncident(a)
		fm.Params.(incidentParams).Updates[0].HTML = b
		checkEncodeIncident(t, fm)
	})
}
