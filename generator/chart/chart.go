// Package chart lays out response-time charts: where the grid, the
// labels, the lines and the legend go in a viewBox, for a theme to draw as
// static SVG at build time (a status page shows it with JavaScript off).
// It holds no words and no colours: the theme gives both, in the page's
// language and from its stylesheet.
package chart

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Options sets a chart's size and time axis.
type Options struct {
	// Width and Height of the viewBox; the SVG scales to its container.
	Width, Height int
	// From and To bound the time axis (inclusive days); default the
	// span of the points.
	From, To time.Time
}

// Chart is a laid-out chart, every coordinate in the viewBox.
type Chart struct {
	Width, Height int
	// Left and Right are the plot's edges, where the grid lines start and
	// end and the first and last dates are anchored; LabelX is the end of
	// the value labels, left of the plot.
	Left, Right, LabelX int
	// DateY is the baseline of the dates under the plot, LegendY the
	// middle of the legend under them.
	DateY, LegendY float64
	// Ticks are the grid lines, top first: the top one at the axis's
	// maximum, the bottom one at zero.
	Ticks []Tick
	// From and To are the first and last day of the time axis; the same
	// day when the chart covers one.
	From, To time.Time
	Series   []Series
}

// Tick is one horizontal grid line and the value it stands for.
type Tick struct {
	Y     float64
	Value time.Duration
}

// Series is one probe's lines.
type Series struct {
	Probe string
	// Index is the series' place among those given, empty ones counted,
	// so a probe keeps its colour whether or not an earlier one has data.
	Index int
	// Median and P95 are SVG path data of the daily medians and 95th
	// percentiles, broken over days without data.
	Median, P95 string
	// Low and High bound the daily medians.
	Low, High time.Duration
	// LegendX is where the series' legend starts.
	LegendX float64
}

const (
	padLeft   = 56
	padRight  = 12
	padTop    = 12
	padBottom = 40
)

// Latency lays out one line per series (median per day, drawn solid) with
// its 95th percentile (dotted). It returns nil when there is nothing to
// draw.
func Latency(series []status.LatencySeries, o Options) *Chart {
	if o.Width <= 0 {
		o.Width = 640
	}
	if o.Height <= 0 {
		o.Height = 180
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
		return nil
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
	c := &Chart{
		Width: o.Width, Height: o.Height,
		Left: padLeft, Right: o.Width - padRight, LabelX: padLeft - 6,
		DateY: float64(o.Height - padBottom + 16), LegendY: float64(o.Height - 8),
		From: from, To: to,
	}
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, Tick{Y: padTop + plotH*float64(i)/4, Value: yMax * time.Duration(4-i) / 4})
	}
	legendX := float64(padLeft)
	for i, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		lo, hi := s.Points[0].P50, s.Points[0].P50
		for _, p := range s.Points {
			lo, hi = min(lo, p.P50), max(hi, p.P50)
		}
		c.Series = append(c.Series, Series{
			Probe: s.Probe, Index: i,
			Median:  path(s.Points, func(p status.LatencyPoint) time.Duration { return p.P50 }, x, y),
			P95:     path(s.Points, func(p status.LatencyPoint) time.Duration { return p.P95 }, x, y),
			Low:     lo,
			High:    hi,
			LegendX: legendX,
		})
		// The legend's line, a gap, and the name at about 7 units a
		// character in the chart's 11-unit font.
		legendX += 28 + 7*float64(len([]rune(s.Probe)))
	}
	return c
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
