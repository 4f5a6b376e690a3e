package badge

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode"

	"github.com/buoystatus/buoy/generator/safetext"
)

// SVG draws b in shields.io's flat style. id makes the gradient and clip
// ids unique, so that several badges inlined in one page do not share them.
// The <title> and aria-label give screen readers the same text the image
// shows.
func SVG(b Badge, id string) []byte {
	const pad = 10 // horizontal padding of each half, both sides together
	lw := int(math.Ceil(textWidth(b.Label))) + pad
	mw := int(math.Ceil(textWidth(b.Message))) + pad
	w := lw + mw
	label, message := esc(b.Label), esc(b.Message)
	text := esc(b.Label + ": " + b.Message)
	gid, cid := "s-"+esc(id), "r-"+esc(id)

	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">`+"\n", w, text)
	fmt.Fprintf(&s, "  <title>%s</title>\n", text)
	fmt.Fprintf(&s, `  <linearGradient id="%s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`+"\n", gid)
	fmt.Fprintf(&s, `  <clipPath id="%s"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>`+"\n", cid, w)
	fmt.Fprintf(&s, `  <g clip-path="url(#%s)"><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/><rect width="%d" height="20" fill="url(#%s)"/></g>`+"\n",
		cid, lw, lw, mw, b.Hex, w, gid)
	s.WriteString(`  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" aria-hidden="true">` + "\n")
	for _, part := range []struct {
		x, width int
		text     string
	}{{lw / 2, lw - pad, label}, {lw + mw/2, mw - pad, message}} {
		// A darker copy one pixel lower is shields' text shadow. textLength
		// makes a viewer whose font is wider than Verdana squeeze the text
		// into the width measured here instead of overflowing.
		fmt.Fprintf(&s, `    <text x="%d" y="15" fill="#010101" fill-opacity=".3" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", part.x, part.width, part.text)
		fmt.Fprintf(&s, `    <text x="%d" y="14" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", part.x, part.width, part.text)
	}
	s.WriteString("  </g>\n</svg>\n")
	return []byte(s.String())
}

// esc escapes text for XML content and attribute values alike, replacing
// what XML cannot hold at all: buoy check refuses it, but a badge must stay
// a valid image for any text that gets through.
func esc(s string) string { return html.EscapeString(safetext.XML(s)) }

// textWidth estimates the width in pixels of s in 11px Verdana, the font
// shields.io measures with; wide scripts count a full em.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// verdana11 holds the advance widths of printable ASCII in 11px Verdana,
// from ' ' (32) to '~' (126).
var verdana11 = [95]float64{
	3.87, 4.33, 5.05, 9.0, 7.0, 11.84, 7.99, 2.95, 4.99, 4.99, 7.0, 9.0, 4.0, 4.99, 4.0, 4.99, // space to /
	7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, // 0-9
	4.99, 4.99, 9.0, 9.0, 9.0, 6.0, 11.0, // : to @
	7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 4.99, 7.62, 6.12, 9.27, 8.23, 8.66, 6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, // A-Z
	4.99, 4.99, 4.99, 9.0, 7.0, 7.0, // [ to `
	6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.7, 6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 9.0, 6.51, 6.51, 5.78, // a-z
	6.98, 4.99, 6.98, 9.0, // { to ~
}

func runeWidth(r rune) float64 {
	switch {
	case r >= 32 && r <= 126:
		return verdana11[r-32]
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r >= 0xFF01 && r <= 0xFF60:
		return 11
	case unicode.Is(unicode.Mn, r):
		return 0
	}
	return 7
}
