package badge

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

func TestBadgesFollowTheHomePage(t *testing.T) {
	s := statustest.SmallSite()
	files := statustest.Write(t, Files, s)
	want := map[string]struct{ label, message, color string }{
		"badge":         {"Example status", "partial outage", "orange"},
		"badge/website": {"Website", "operational", "brightgreen"},
		"badge/api":     {"API", "partial outage", "orange"},
		"badge/dns":     {"DNS", "maintenance", "blue"},
		"badge/mail":    {"Mail", "operational", "brightgreen"},
		"badge/chat":    {"Chat", "operational", "brightgreen"},
	}
	if len(files) != 2*len(want) {
		t.Errorf("%d files, want %d", len(files), 2*len(want))
	}
	for stem, w := range want {
		e := decodeEndpoint(t, stem+".json", files[stem+".json"])
		if e.Label != w.label || e.Message != w.message || e.Color != w.color {
			t.Errorf("%s.json = %+v, want %+v", stem, e, w)
		}
		svg := parseSVG(t, stem+".svg", files[stem+".svg"])
		if wantTitle := w.label + ": " + w.message; svg.Title != wantTitle || svg.AriaLabel != wantTitle {
			t.Errorf("%s.svg: title %q, aria-label %q, want %q", stem, svg.Title, svg.AriaLabel, wantTitle)
		}
		if !slicesContain(svg.Texts, w.label) || !slicesContain(svg.Texts, w.message) {
			t.Errorf("%s.svg shows %q, want %q and %q", stem, svg.Texts, w.label, w.message)
		}
	}
}

func decodeEndpoint(t *testing.T, name string, b []byte) outputtest.Shields {
	t.Helper()
	e, err := outputtest.ShieldsEndpoint(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

func parseSVG(t *testing.T, name string, b []byte) outputtest.SVG {
	t.Helper()
	info, err := outputtest.SVGBadge(b)
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, b)
	}
	return info
}

// Markup characters in names must stay text in the SVG and the JSON.
func TestEscaping(t *testing.T) {
	b := ForComponent(status.Component{ID: "x", Name: `R&D <"lab">`}, status.MajorOutage, words.Builtin().In("en"))
	info := parseSVG(t, "escaping", SVG(b, "x"))
	if info.Title != `R&D <"lab">: major outage` {
		t.Errorf("title = %q", info.Title)
	}
	j, err := Endpoint(b)
	if err != nil {
		t.Fatal(err)
	}
	if e := decodeEndpoint(t, "escaping", j); e.Label != `R&D <"lab">` || e.Color != "red" {
		t.Errorf("endpoint = %+v", e)
	}
}

func TestWideTextWidensTheBadge(t *testing.T) {
	w := func(label string) int {
		m := regexp.MustCompile(`width="(\d+)"`).FindSubmatch(SVG(Badge{Label: label, Message: "ok", Hex: "#4c1"}, "a"))
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	if !(w("ii") < w("WW") && w("WW") < w("電源工事")) {
		t.Errorf("widths ii=%d WW=%d 電源工事=%d: should grow with the text", w("ii"), w("WW"), w("電源工事"))
	}
}

func slicesContain(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
