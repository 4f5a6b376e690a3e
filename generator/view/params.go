package view

import (
	"strconv"
	"strings"
	"time"

	"github.com/bep/golocales"

	"github.com/buoystatus/buoy/generator/status"
)

// The front matter of generated pages. Everything a template would have to
// compute per page (safe HTML, local times, durations) is computed once here,
// so layouts stay simple and a status repository that overrides them sees
// plain values. Keys are lower case because Hugo lowercases param keys.

type frontMatter struct {
	Title   string `json:"title"`
	Date    string `json:"date,omitempty"`
	Lastmod string `json:"lastmod,omitempty"`
	// Type picks the layout of a page outside the sections
	// (layouts/<type>/page.html).
	Type string `json:"type,omitempty"`
	// Build keeps section pages nobody visits out of the output.
	Build  *buildOptions `json:"build,omitempty"`
	Params any           `json:"params,omitempty"`
}

type buildOptions struct {
	Render string `json:"render,omitempty"`
}

// stamp is an instant as the theme shows it: UTC (RFC 3339) for the
// datetime attribute; Text, what a reader sees, for each site language
// (the CLDR long date and short time joined by the theme's "dateTime"
// string), keyed by Hugo's lower-case language name; Local (RFC 3339 with
// the site zone's offset) for layouts that format it themselves with
// time.Format, and the zone's abbreviation, which an offset alone cannot
// give. Joining here rather than in templates keeps tens of thousands of
// times shown from costing a partial and three replacements each; every
// field is decoded again by Hugo on each of thousands of pages.
type stamp struct {
	UTC   string            `json:"utc"`
	Text  map[string]string `json:"text"`
	Local string            `json:"local"`
	Zone  string            `json:"zone"`
}

// span is a duration: Seconds, and Parts, its two largest non-zero units
// ("1 h 25 min" is {1 hours} {25 minutes}) for the theme to translate.
type span struct {
	Seconds int64      `json:"seconds"`
	Parts   []spanPart `json:"parts"`
	// Key is the same for spans shown alike ("1h25m"), for partialCached:
	// a site has few distinct ones, however many incidents it has.
	Key string `json:"key"`
}

type spanPart struct {
	N int64 `json:"n"`
	// Unit is days, hours, minutes or seconds.
	Unit string `json:"unit"`
}

type incidentParams struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Lang is the language the incident's text is written in: its own
	// lang, else the site's default language. The theme marks the text
	// with it on pages built in another language.
	Lang   string `json:"lang"`
	Impact string `json:"impact"`
	// Status is the newest update's status; "" with no update.
	Status string `json:"status,omitempty"`
	// Phase is upcoming, in_progress or completed at build time.
	Phase    string `json:"phase"`
	Started  *stamp `json:"started,omitempty"`
	Detected *stamp `json:"detected,omitempty"`
	Resolved *stamp `json:"resolved,omitempty"`
	// WindowStart and WindowEnd are set for maintenance.
	WindowStart *stamp `json:"window_start,omitempty"`
	WindowEnd   *stamp `json:"window_end,omitempty"`
	// Ended is when users stopped being affected (resolution, or the end of
	// a maintenance); absent while ongoing.
	Ended *stamp `json:"ended,omitempty"`
	// Duration lasts until now while ongoing; TTD (time to detect) and
	// TTR (time to resolve) are absent when unknown.
	Duration   span             `json:"duration"`
	TTD        *span            `json:"ttd,omitempty"`
	TTR        *span            `json:"ttr,omitempty"`
	Components []affectedParams `json:"components"`
	Updates    []updateParams   `json:"updates"`
	Postmortem string           `json:"postmortem,omitempty"`
	Month      string           `json:"month"`
	// Article is set when view writes the page's article (article.go):
	// the built-in template then only marks where it goes.
	Article bool `json:"article,omitempty"`
}

// articleParams are the params of an incident page whose article and
// entries view writes, and which no list shows with its newest update:
// all the built-in layouts read of it.
type articleParams struct {
	ID      string `json:"id"`
	Article bool   `json:"article"`
}

type affectedParams struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Effect string `json:"effect"`
	// Now is the component's state at build time while the incident is
	// ongoing, as the home page shows it (probes or another incident may
	// make it worse than this incident's effect); absent once it is over.
	Now string `json:"now,omitempty"`
}

type updateParams struct {
	Status string `json:"status"`
	At     *stamp `json:"at"`
	// HTML is the update's Markdown, rendered safe.
	HTML string `json:"html"`
}

type componentParams struct {
	ID          string `json:"id"`
	Group       string `json:"group,omitempty"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	State       string `json:"state"`
	// Since is when probes found the state's problem; absent unless
	// probes set the state.
	Since *since `json:"since,omitempty"`
	// Incidents are ids of the incidents and maintenance naming the
	// component, newest first.
	Incidents []string `json:"incidents"`
	// Page and Pages number the component's pages of incidents when
	// there are several (componentPageSize a page); absent otherwise. The
	// pages after the first carry only the incidents.
	Page  int `json:"page,omitempty"`
	Pages int `json:"pages,omitempty"`
	// Monitoring is what probe history says; absent without history.
	Monitoring *componentMonitoring `json:"monitoring,omitempty"`
	// SiteMonitoring is the home page's Monitoring while probe data is
	// stale, for the banner saying so: a page reading the home page's
	// params would be rendered again each time the home page changes.
	SiteMonitoring *siteMonitoring `json:"site_monitoring,omitempty"`
}

type homeParams struct {
	Indicator string        `json:"indicator"`
	Groups    []groupParams `json:"groups"`
	// Lists of incident ids.
	Active      []string `json:"active"`
	Maintenance []string `json:"maintenance"`
	Upcoming    []string `json:"upcoming"`
	Recent      []string `json:"recent"`
	RecentDays  int      `json:"recent_days"`

	// Monitoring is the site-wide part of probe history; absent without.
	Monitoring *siteMonitoring `json:"monitoring,omitempty"`
}

type groupParams struct {
	Name       string           `json:"name"`
	Components []componentState `json:"components"`
}

type componentState struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	// Since is as in componentParams.
	Since *since `json:"since,omitempty"`
	// Monitoring is the compact summary the home page shows.
	Monitoring *componentMonitoring `json:"monitoring,omitempty"`
}

type historyParams struct {
	Months []monthSummary `json:"months"`
}

type monthSummary struct {
	monthName
	Incidents   int `json:"incidents"`
	Maintenance int `json:"maintenance"`
}

// monthName is a "2006-01" month in the site zone, with what the theme's
// "monthYear" string needs to name it in each language: the year, the
// month's number and its name by language key ("avril" for fr).
type monthName struct {
	Month  string            `json:"month"`
	Year   int               `json:"year"`
	Number int               `json:"number"`
	Names  map[string]string `json:"names"`
}

type monthParams struct {
	monthName
	// Incidents are ids, newest first.
	Incidents []string `json:"incidents"`
	// Newer and Older name the neighbouring months that have entries.
	Newer *monthName `json:"newer,omitempty"`
	Older *monthName `json:"older,omitempty"`
	// Page and Pages number the month's pages when its entries fill
	// several (monthPageSize a page); absent otherwise.
	Page  int `json:"page,omitempty"`
	Pages int `json:"pages,omitempty"`
}

// formatter renders times in the site's zone for every site language.
type formatter struct {
	loc   *time.Location
	langs []langFormatter
	// words translate the labels of uptime bars.
	words *phrases
	// parts, when set, keeps the dates and times stamp formatted; one
	// goroutine's (see withParts).
	parts *stampParts
	// labels, when set, keeps the dates of bar segments' labels; one
	// goroutine's (see withLabels).
	labels segmentDates
}

// stampParts keeps what stamp formatted for each language: a date by its
// day, a time by its minute and zone offset. An incident's times fall on
// a few days and thousands of incidents share the same minutes, and
// golocales' formatting was a tenth of preparing an incident page beside
// Markdown.
type stampParts struct {
	dates map[int64][]string // by year, month and day
	times map[int64][]string // by hour, minute and the zone's offset
}

// withParts is f keeping the parts it formats, for one goroutine.
func (f formatter) withParts() formatter {
	f.parts = &stampParts{dates: map[int64][]string{}, times: map[int64][]string{}}
	f.labels = nil // the goroutine's own formatter shares no map
	return f
}

type langFormatter struct {
	key  string               // Hugo's language name: the tag in lower case
	tr   golocales.Translator // the locale Hugo's time.Format uses
	join joinFormat           // the language's "dateTime" string
}

// Markers for the parts of a time in a dateTime string.
const (
	MarkDate = "\x00D"
	MarkTime = "\x00T"
	MarkZone = "\x00Z"
)

// DateTimeJoins is each language's "dateTime" string (by Hugo's language
// name), translated with MarkDate, MarkTime and MarkZone for its parts.
type DateTimeJoins map[string]string

// newFormatter picks each language's locale the way Hugo does, so
// pre-formatted times match what the theme's own time.Format calls give.
// A language without a dateTime string shows the parts apart by spaces.
func newFormatter(cfg *status.Config, joins DateTimeJoins) formatter {
	return newFormatterT(cfg, joins, nil)
}

// newFormatterT is newFormatter translating labels with t (nil: the
// built-in theme's words).
func newFormatterT(cfg *status.Config, joins DateTimeJoins, t Translate) formatter {
	f := formatter{loc: cfg.Loc(), words: newPhrases(t)}
	for _, lang := range Languages(cfg) {
		var tr golocales.Translator
		for _, key := range []string{lang, strings.ToLower(lang), "en"} {
			if tr = golocales.New(key); tr != nil {
				break
			}
		}
		key := LangKey(lang)
		join := joins[key]
		if join == "" {
			join = MarkDate + " " + MarkTime + " " + MarkZone
		}
		f.langs = append(f.langs, langFormatter{key: key, tr: tr, join: parseJoin(join)})
	}
	return f
}

func (f formatter) stamp(t time.Time) *stamp {
	if t.IsZero() {
		return nil
	}
	local := t.In(f.loc)
	s := &stamp{
		UTC:   t.UTC().Format(time.RFC3339),
		Text:  make(map[string]string, len(f.langs)),
		Local: local.Format(time.RFC3339),
		Zone:  local.Format("MST"),
	}
	dates, times := f.dateTimes(local)
	for i, l := range f.langs {
		s.Text[l.key] = l.join.fill(dates[i], times[i], s.Zone)
	}
	return s
}

// dateTimes are local's CLDR long date and short time in each language,
// in the order of f.langs.
func (f formatter) dateTimes(local time.Time) (dates, times []string) {
	var dayKey, minuteKey int64
	if f.parts != nil {
		y, m, d := local.Date()
		_, offset := local.Zone()
		dayKey = int64(y)<<9 | int64(m)<<5 | int64(d)
		minuteKey = int64(offset)<<11 | int64(local.Hour())<<6 | int64(local.Minute())
		dates, times = f.parts.dates[dayKey], f.parts.times[minuteKey]
		if dates != nil && times != nil {
			return dates, times
		}
	}
	if dates == nil {
		dates = make([]string, len(f.langs))
		for i, l := range f.langs {
			dates[i] = l.tr.FormatDateLong(local)
		}
		if f.parts != nil {
			f.parts.dates[dayKey] = dates
		}
	}
	if times == nil {
		times = make([]string, len(f.langs))
		for i, l := range f.langs {
			times[i] = l.tr.FormatTimeShort(local)
		}
		if f.parts != nil {
			f.parts.times[minuteKey] = times
		}
	}
	return dates, times
}

// joinFormat is a dateTime string cut at its markers: literal text, and
// 'D', 'T' or 'Z' where a part goes.
type joinFormat []joinPiece

type joinPiece struct {
	lit  string
	part byte // 0 for literal text
}

func parseJoin(s string) joinFormat {
	var f joinFormat
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 || i+1 >= len(s) {
			break
		}
		if i > 0 {
			f = append(f, joinPiece{lit: s[:i]})
		}
		f = append(f, joinPiece{part: s[i+1]})
		s = s[i+2:]
	}
	if s != "" {
		f = append(f, joinPiece{lit: s})
	}
	return f
}

func (f joinFormat) fill(date, tm, zone string) string {
	var b strings.Builder
	for _, p := range f {
		switch p.part {
		case 0:
			b.WriteString(p.lit)
		case 'D':
			b.WriteString(date)
		case 'T':
			b.WriteString(tm)
		case 'Z':
			b.WriteString(zone)
		}
	}
	return b.String()
}

// month names a "2006-01" month in every site language.
func (f formatter) month(m string) monthName {
	n := monthName{Month: m, Names: make(map[string]string, len(f.langs))}
	t, err := time.ParseInLocation("2006-01", m, f.loc)
	if err != nil {
		return n
	}
	n.Year, n.Number = t.Year(), int(t.Month())
	for _, l := range f.langs {
		// As time.Format "January" reads in the theme.
		n.Names[l.key] = l.tr.MonthsWide()[t.Month()-1]
	}
	return n
}

func newSpan(d time.Duration) span {
	s := int64(d / time.Second)
	units := []struct {
		name string
		size int64
	}{{"days", 86400}, {"hours", 3600}, {"minutes", 60}, {"seconds", 1}}
	sp := span{Seconds: s, Parts: []spanPart{}}
	rest := s
	for _, u := range units {
		n := rest / u.size
		rest %= u.size
		if n > 0 || len(sp.Parts) > 0 {
			sp.Parts = append(sp.Parts, spanPart{N: n, Unit: u.name})
		}
		if len(sp.Parts) == 2 {
			break
		}
	}
	// Drop a zero second unit ("1 h 0 min" reads as "1 h").
	if len(sp.Parts) == 2 && sp.Parts[1].N == 0 {
		sp.Parts = sp.Parts[:1]
	}
	if len(sp.Parts) == 0 {
		sp.Parts = append(sp.Parts, spanPart{N: 0, Unit: "seconds"})
	}
	for _, p := range sp.Parts {
		sp.Key += strconv.FormatInt(p.N, 10) + p.Unit[:1]
	}
	return sp
}

func spanPtr(d time.Duration, ok bool) *span {
	if !ok {
		return nil
	}
	s := newSpan(d)
	return &s
}

// monthOf is the "2006-01" month an incident belongs to in the archive:
// the month it started in, in the site's zone.
func monthOf(in *status.Incident, loc *time.Location) string {
	return in.Start().In(loc).Format("2006-01")
}
