package outputtest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// Shields is the shields.io endpoint schema, every field it documents.
type Shields struct {
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

// ShieldsEndpoint decodes a badge's JSON as shields.io reads it: no field
// it does not know, a message, a named colour, a cache time it accepts.
func ShieldsEndpoint(b []byte) (Shields, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var e Shields
	if err := dec.Decode(&e); err != nil {
		return e, err
	}
	if e.SchemaVersion != 1 || e.Message == "" || !namedColors[e.Color] {
		return e, fmt.Errorf("not a valid shields.io endpoint: %+v", e)
	}
	if e.CacheSeconds != nil && *e.CacheSeconds < 300 {
		return e, fmt.Errorf("cacheSeconds %d is below shields' minimum", *e.CacheSeconds)
	}
	return e, nil
}

// SVG is what a badge says: its title, aria-label and texts.
type SVG struct {
	Title, AriaLabel string
	Texts            []string
}

var idRef = regexp.MustCompile(`^url\(#(.+)\)$`)

// SVGBadge checks that b is a well-formed SVG badge (strict XML, one
// root, the SVG namespace, role img, a title, unique ids that references
// find, label and message rects as wide as the badge) and returns what it
// says.
func SVGBadge(b []byte) (SVG, error) {
	var info SVG
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
				info.AriaLabel = attr["aria-label"]
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
				if m := idRef.FindStringSubmatch(ref); m != nil && !ids[m[1]] {
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
				info.Title += string(tok)
			case "text":
				info.Texts = append(info.Texts, string(tok))
			}
		}
	}
	if roots != 1 {
		return info, fmt.Errorf("%d root elements", roots)
	}
	if info.Title == "" {
		return info, fmt.Errorf("no <title>")
	}
	if rectWidths != width {
		return info, fmt.Errorf("label and message rects are %d wide, the badge %d", rectWidths, width)
	}
	return info, nil
}
