package badge

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func build(t *testing.T, s *status.Snapshot) map[string][]byte {
	t.Helper()
	files, err := Files(s)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGolden(t *testing.T) {
	statustest.Golden(t, "testdata/golden", build(t, statustest.SmallSite()), *update)
}

func TestBadgesFollowTheHomePage(t *testing.T) {
	s := statustest.SmallSite()
	files := build(t, s)
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
		if wantTitle := w.label + ": " + w.message; svg.title != wantTitle || svg.ariaLabel != wantTitle {
			t.Errorf("%s.svg: title %q, aria-label %q, want %q", stem, svg.title, svg.ariaLabel, wantTitle)
		}
		if !slicesContain(svg.texts, w.label) || !slicesContain(svg.texts, w.message) {
			t.Errorf("%s.svg shows %q, want %q and %q", stem, svg.texts, w.label, w.message)
		}
	}
}

// shields is the shields.io endpoint schema, every field it documents.
type shields struct {
	SchemaVersion int     `json:"schemaVersion"`
	Label         string  `json:"label"`
	Message       string  `json:"message"`
	Color         string  `json:"color"`
	LabelColor    string  `json:"labelColor"`
	IsError       bool    `json:"isError"`
	NamedLogo     string  `json:"namedLogo"`
	LogoSvg       string  `json:"logoSvg"`
	LogoColor     string  `json:"logoColor"`
	LogoWidth     int     `json:"logoWidth"`
	Style         string  `json:"style"`
	CacheSeconds  *int    `json:"cacheSeconds"`
	LogoPosition  *string `json:"logoPosition"`
}

var namedColors = map[string]bool{"brightgreen": true, "green": true, "yellowgreen": true, "yellow": true, "orange": true, "red": true, "blue": true, "lightgrey": true}

func decodeEndpoint(t *testing.T, name string, b []byte) shields {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var e shields
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if e.SchemaVersion != 1 || e.Message == "" || !namedColors[e.Color] {
		t.Errorf("%s: not a valid shields.io endpoint: %+v", name, e)
	}
	if e.CacheSeconds != nil && *e.CacheSeconds < 300 {
		t.Errorf("%s: cacheSeconds %d is below shields' minimum", name, *e.CacheSeconds)
	}
	return e
}

type svgInfo struct {
	title, ariaLabel string
	texts            []string
}

// parseSVG checks that b is a well-formed SVG document (strict XML, one
// root, the SVG namespace, role img, sizes that match its shapes) and
// returns what it says.
func parseSVG(t *testing.T, name string, b []byte) svgInfo {
	t.Helper()
	info, err := checkSVG(b)
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, b)
	}
	return info
}

func checkSVG(b []byte) (svgInfo, error) {
	var info svgInfo
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var stack []string
	roots, width := 0, 0
	rectWidths := 0
	ids := map[string]bool{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return info, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
				if a.Name.Local == "id" {
					if ids[a.Value] {
						return info, fmt.Errorf("duplicate id %q", a.Value)
					}
					ids[a.Value] = true
				}
			}
			if len(stack) == 0 {
				roots++
				if tok.Name.Space != "http://www.w3.org/2000/svg" || tok.Name.Local != "svg" {
					return info, fmt.Errorf("root is {%s}%s", tok.Name.Space, tok.Name.Local)
				}
				if attr["role"] != "img" {
					return info, fmt.Errorf("role = %q", attr["role"])
				}
				info.ariaLabel = attr["aria-label"]
				if width, err = strconv.Atoi(attr["width"]); err != nil || width <= 0 {
					return info, fmt.Errorf("width %q", attr["width"])
				}
			}
			if tok.Name.Local == "rect" && len(stack) == 2 && stack[1] == "g" {
				if _, ok := attr["x"]; ok || attr["fill"] == "#555" {
					w, _ := strconv.Atoi(attr["width"])
					rectWidths += w
				}
			}
			for _, ref := range []string{attr["fill"], attr["clip-path"]} {
				if m := regexp.MustCompile(`^url\(#(.+)\)$`).FindStringSubmatch(ref); m != nil && !ids[m[1]] {
					return info, fmt.Errorf("reference to undefined id %q", m[1])
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "title":
				info.title += string(tok)
			case "text":
				info.texts = append(info.texts, string(tok))
			}
		}
	}
	if roots != 1 {
		return info, fmt.Errorf("%d root elements", roots)
	}
	if info.title == "" {
		return info, fmt.Errorf("no <title>")
	}
	if rectWidths != width {
		return info, fmt.Errorf("label and message rects are %d wide, the badge %d", rectWidths, width)
	}
	return info, nil
}

func TestCheckSVGRejects(t *testing.T) {
	good := SVG(Badge{Label: "a", Message: "b", Hex: "#4c1"}, "x")
	if _, err := checkSVG(good); err != nil {
		t.Fatalf("good badge rejected: %v", err)
	}
	for name, bad := range map[string]string{
		"unclosed":   strings.Replace(string(good), "</svg>", "", 1),
		"no title":   regexp.MustCompile(`<title>.*</title>`).ReplaceAllString(string(good), ""),
		"wrong size": strings.Replace(string(good), `<svg xmlns="http://www.w3.org/2000/svg" width="`, `<svg xmlns="http://www.w3.org/2000/svg" width="1`, 1),
		"bad ref":    strings.Replace(string(good), `url(#r-x)`, `url(#nope)`, 1),
	} {
		if _, err := checkSVG([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Markup characters in names must stay text in the SVG and the JSON.
func TestEscaping(t *testing.T) {
	b := ForComponent(status.Component{ID: "x", Name: `R&D <"lab">`}, status.MajorOutage, words.Builtin().In("en"))
	info := parseSVG(t, "escaping", SVG(b, "x"))
	if info.title != `R&D <"lab">: major outage` {
		t.Errorf("title = %q", info.title)
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
