package view

import (
	"strconv"
	"time"

	"github.com/buoystatus/buoy/generator/chart"
	"github.com/buoystatus/buoy/generator/status"
)

// chartSeriesClasses is how many series colours the theme's stylesheet
// defines (.s0 to .s4, --chart-1 to --chart-5); more series reuse them.
const chartSeriesClasses = 5

// chartParams is the response-time chart laid out for the theme's
// chart.html, which draws it as SVG with its own words and colours.
// Coordinates are viewBox units, written as the SVG attributes take them.
type chartParams struct {
	// ID prefixes the ids of the SVG's title and description.
	ID     string `json:"id"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	// Left and Right are the plot's edges, LabelX the end of the value
	// labels; DateY is the baseline of the dates, LegendY the legend's.
	Left    int    `json:"left"`
	Right   int    `json:"right"`
	LabelX  int    `json:"label_x"`
	DateY   string `json:"date_y"`
	LegendY string `json:"legend_y"`
	// From and To are the first and last day shown ("2006-01-02"): the
	// same day for a chart of one.
	From   string        `json:"from"`
	To     string        `json:"to"`
	Ticks  []chartTick   `json:"ticks"`
	Series []chartSeries `json:"series"`
}

type chartTick struct {
	Y     string   `json:"y"`
	Value quantity `json:"value"`
}

type chartSeries struct {
	Probe string `json:"probe"`
	// Class picks the series' colour in the stylesheet: s0 to s4.
	Class string `json:"class"`
	// Median and P95 are the lines' path data.
	Median string `json:"median"`
	P95    string `json:"p95"`
	// Low and High bound the daily medians, for the description.
	Low  quantity `json:"low"`
	High quantity `json:"high"`
	// LegendX, LegendEnd and TextX place the legend's line and name.
	LegendX   string `json:"legend_x"`
	LegendEnd string `json:"legend_end"`
	TextX     string `json:"text_x"`
}

// quantity is a response time as a label shows it: N in Unit ("ms" or
// "s"), to be written with Digits decimals in the page's language
// (lang.FormatNumber), as 250 ms or 1.5 s.
type quantity struct {
	N      float64 `json:"n"`
	Unit   string  `json:"unit"`
	Digits int     `json:"digits"`
}

func quantityOf(d time.Duration) quantity {
	if d < time.Second {
		return quantity{N: float64(d.Milliseconds()), Unit: "ms"}
	}
	// Seconds to the hundredth, as few decimals as that needs.
	cs := (d + 5*time.Millisecond) / (10 * time.Millisecond)
	q := quantity{N: float64(cs) / 100, Unit: "s", Digits: 2}
	for q.Digits > 0 && cs%10 == 0 {
		cs /= 10
		q.Digits--
	}
	return q
}

// chartOf lays out a component's response times over its days; nil
// without any.
func chartOf(id string, ch *status.ComponentMonitoring) *chartParams {
	o := chart.Options{}
	if n := len(ch.Days); n > 0 {
		o.From, o.To = ch.Days[0].Date, ch.Days[n-1].Date
	}
	c := chart.Latency(ch.Latency, o)
	if c == nil {
		return nil
	}
	p := &chartParams{
		ID: "latency-" + id, Width: c.Width, Height: c.Height,
		Left: c.Left, Right: c.Right, LabelX: c.LabelX,
		DateY: coord(c.DateY), LegendY: coord(c.LegendY),
		From: c.From.Format(time.DateOnly), To: c.To.Format(time.DateOnly),
	}
	for _, t := range c.Ticks {
		p.Ticks = append(p.Ticks, chartTick{Y: coord(t.Y), Value: quantityOf(t.Value)})
	}
	for _, s := range c.Series {
		p.Series = append(p.Series, chartSeries{
			Probe: s.Probe, Class: "s" + strconv.Itoa(s.Index%chartSeriesClasses),
			Median: s.Median, P95: s.P95, Low: quantityOf(s.Low), High: quantityOf(s.High),
			LegendX: coord(s.LegendX), LegendEnd: coord(s.LegendX + 14), TextX: coord(s.LegendX + 18),
		})
	}
	return p
}

// coord writes a coordinate to a tenth of a unit, as the paths are.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
