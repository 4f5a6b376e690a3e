// Package chart draws response-time charts as static SVG at build time, so
// that a status page shows them with JavaScript off.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Options sets a chart's size and its accessible text. The text is the
// caller's, in the page's language; numbers and ISO dates on the axes read
// the same in every language.
type Options struct {
	// Width and Height of the viewBox; the SVG scales to its container.
	Width, Height int
	// Title names the chart for screen readers ("Response time").
	Title string
	// Desc summarizes it in words; default an English summary.
	Desc string
	// ID prefixes the ids of the title and description, which must be
	// unique on the page; default "latency".
	ID string
	// From and To bound the time axis (inclusive days); default the
	// span of the points.
	From, To time.Time
}

// Palette colours series in order, readable on light and dark backgrounds.
var Palette = []string{"#2563eb", "#d97706", "#059669", "#9333ea", "#dc2626"}

const (
	padLeft   = 56
	padRight  = 12
	padTop    = 12
	padBottom = 40
)

// Latency draws one line per series (median per day, solid) with its 95th
// percentile (dotted), breaking lines over days without data. It returns
// "" when there is nothing to draw.
func Latency(series []status.LatencySeries, o Options) string {
	if o.Width <= 0 {
		o.Width = 640
	}
	if o.Height <= 0 {
		o.Height = 180
	}
	if o.ID == "" {
		o.ID = "latency"
	}
	if o.Title == "" {
		o.Title = "Response time"
	}
	from, to, top := o.From, o.To, time.Duration(0)
	points := 0
	for _, s := range series {
		for _, p := range s.Points {
			points++
			if from.IsZero() || p.Time.Before(from) {
				from = p.Time
			}
			if to.IsZero() || p.Time.After(to) {
				to = p.Time
			}
			top = max(top, p.P95, p.P50)
		}
	}
	if points == 0 {
		return ""
	}
	if o.Desc == "" {
		o.Desc = describe(series, from, to)
	}
	yMax := niceCeil(top)
	plotW := float64(o.Width - padLeft - padRight)
	plotH := float64(o.Height - padTop - padBottom)
	span := to.Sub(from)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return padLeft + plotW/2
		}
		return padLeft + plotW*float64(t.Sub(from))/float64(span)
	}
	y := func(d time.Duration) float64 {
		return padTop + plotH*(1-float64(d)/float64(yMax))
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="buoy-chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, sans-serif" font-size="11">`, o.Width, o.Height, html.EscapeString(o.ID), html.EscapeString(o.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, html.EscapeString(o.ID), html.EscapeString(o.Title), html.EscapeString(o.ID), html.EscapeString(o.Desc))

	// Grid and y labels.
	b.WriteString(`<g class="grid" stroke="currentColor" stroke-opacity="0.15">`)
	for i := 0; i <= 4; i++ {
		yy := padTop + plotH*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, o.Width-padRight, yy, yy)
	}
	b.WriteString(`</g><g class="labels" fill="currentColor" fill-opacity="0.75">`)
	for i := 0; i <= 4; i++ {
		v := yMax * time.Duration(4-i) / 4
		yy := padTop + plotH*float64(i)/4
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, padLeft-6, yy, Label(v))
	}
	base := float64(o.Height - padBottom + 16)
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="start">%s</text>`, padLeft, base, from.Format(time.DateOnly))
	if span > 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`, o.Width-padRight, base, to.Format(time.DateOnly))
	}
	b.WriteString(`</g>`)

	// Lines, legend under the axis.
	legendX := float64(padLeft)
	for i, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		color := Palette[i%len(Palette)]
		fmt.Fprintf(&b, `<g class="series s%d" fill="none" stroke="%s" stroke-linejoin="round" stroke-linecap="round">`, i, color)
		for _, pct := range []struct {
			get  func(status.LatencyPoint) time.Duration
			attr string
		}{
			{func(p status.LatencyPoint) time.Duration { return p.P95 }, ` stroke-width="1" stroke-dasharray="2 3"`},
			{func(p status.LatencyPoint) time.Duration { return p.P50 }, ` stroke-width="2"`},
		} {
			fmt.Fprintf(&b, `<path%s d="%s"/>`, pct.attr, path(s.Points, pct.get, x, y))
		}
		b.WriteString(`</g>`)
		ly := float64(o.Height - 8)
		fmt.Fprintf(&b, `<g class="legend"><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/><text x="%.1f" y="%.1f" fill="currentColor" dominant-baseline="middle">%s</text></g>`,
			legendX, legendX+14, ly, ly, color, legendX+18, ly, html.EscapeString(s.Probe))
		legendX += 28 + 7*float64(len([]rune(s.Probe)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// path draws points as connected runs, starting a new run after a gap of
// more than a day so that missing data is never drawn as a line.
func path(points []status.LatencyPoint, get func(status.LatencyPoint) time.Duration, x func(time.Time) float64, y func(time.Duration) float64) string {
	var b strings.Builder
	var prev time.Time
	for i, p := range points {
		cmd := "L"
		if i == 0 || p.Time.Sub(prev) > 36*time.Hour {
			cmd = "M"
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s%.1f %.1f", cmd, x(p.Time), y(get(p)))
		// A lone point needs a visible mark: a zero-length segment with a
		// round cap draws a dot.
		next := i+1 < len(points) && points[i+1].Time.Sub(p.Time) <= 36*time.Hour
		if cmd == "M" && !next {
			b.WriteString(" h0")
		}
		prev = p.Time
	}
	return b.String()
}

// niceCeil rounds d up to 1, 2 or 5 times a power of ten milliseconds.
func niceCeil(d time.Duration) time.Duration {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 1 {
		return time.Millisecond
	}
	exp := math.Pow(10, math.Floor(math.Log10(ms)))
	for _, m := range []float64{1, 2, 5, 10} {
		if ms <= m*exp {
			return time.Duration(m * exp * float64(time.Millisecond))
		}
	}
	return d
}

// Label writes a latency compactly: 250 ms, 1.5 s.
func Label(d time.Duration) string {
	if d >= time.Second {
		s := fmt.Sprintf("%.2f", d.Seconds())
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		return s + " s"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func describe(series []status.LatencySeries, from, to time.Time) string {
	var parts []string
	for _, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		lo, hi := s.Points[0].P50, s.Points[0].P50
		for _, p := range s.Points {
			lo, hi = min(lo, p.P50), max(hi, p.P50)
		}
		if lo == hi {
			parts = append(parts, fmt.Sprintf("%s daily median %s", s.Probe, Label(lo)))
		} else {
			parts = append(parts, fmt.Sprintf("%s daily median between %s and %s", s.Probe, Label(lo), Label(hi)))
		}
	}
	return fmt.Sprintf("Response time from %s to %s: %s. Solid lines are daily medians, dotted lines 95th percentiles.",
		from.Format(time.DateOnly), to.Format(time.DateOnly), strings.Join(parts, "; "))
}
