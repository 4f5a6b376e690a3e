package view

import (
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/words"
)

// Translate is the theme's T in one of the site's languages, by Hugo's
// language key (LangKey): key and args as a template passes them, args
// nil, an int count, or named arguments.
type Translate func(lang, key string, args any) string

// phrases translates for the labels view writes in every language,
// remembering each text: a component page's 90 days say "Uptime
// 100 %" and "No incident" again and again. Not safe for concurrent use.
type phrases struct {
	t    Translate
	memo map[phraseKey]string
}

// phraseKey is a text asked for with no argument, a count, or one named
// string argument.
type phraseKey struct {
	lang, key string
	n         int
	name, arg string
}

// newPhrases translates with t; nil stands for the built-in theme's
// words, which give the text Hugo's T gives for the same files.
func newPhrases(t Translate) *phrases {
	if t == nil {
		t = words.Builtin().T
	}
	return &phrases{t: t, memo: map[phraseKey]string{}}
}

// word is T lang key.
func (p *phrases) word(lang, key string) string { return p.get(phraseKey{lang: lang, key: key}, nil) }

// count is T lang key (int n).
func (p *phrases) count(lang, key string, n int) string {
	return p.get(phraseKey{lang: lang, key: key, n: n}, n)
}

// named is T lang key (dict name arg).
func (p *phrases) named(lang, key, name, arg string) string {
	return p.get(phraseKey{lang: lang, key: key, name: name, arg: arg}, map[string]any{name: arg})
}

func (p *phrases) get(k phraseKey, args any) string {
	if s, ok := p.memo[k]; ok {
		return s
	}
	s := p.t(k.lang, k.key, args)
	p.memo[k] = s
	return s
}

// What a bar's words say, in each site language: what the theme's
// uptime.html used to compute per segment with a dozen template calls,
// thousands of times on a site's component pages in every language. The
// theme prints them; the text is the template's, word for word.

// labelBars gives m's bar its name (Label), the words of its first end
// (Start) and, unless m.Told, each segment's words; name is the
// component's.
func (f formatter) labelBars(m *componentMonitoring, name string) {
	m.Label = make(map[string]string, len(f.langs))
	m.Start = make(map[string]string, len(f.langs))
	if m.Told == nil {
		for i := range m.Bars {
			m.Bars[i].Label = make(map[string]string, len(f.langs))
		}
	}
	// An integer: Hugo's i18n reads a float as a decimal ("90.0"), whose
	// plural form is not an integer's ("90 дня" for "90 дней" in Russian).
	count := m.Days
	if len(m.Bars) == 0 {
		count = 0
	}
	for _, l := range f.langs {
		lang := l.key
		label := f.words.t(lang, "uptimeBars", map[string]any{"Name": "\u2068" + name + "\u2069", "Count": count})
		if t := m.Told; t != nil {
			var what []string
			if m.Uptime != nil {
				what = append(what, f.words.named(lang, "uptimePercent", "Percent", percent(l, *m.Uptime, 2)))
			}
			what = f.appendCounts(what, lang, t.NoDataDays, t.Down, t.Degraded)
			if t.IncidentDays != 0 {
				what = append(what, f.words.count(lang, "incidentDays", t.IncidentDays))
			}
			if t.Worst != "" {
				what = append(what, f.words.named(lang, "dayIncident", "State", f.words.word(lang, "state_"+t.Worst)))
			}
			label += "."
			if len(what) > 0 {
				label += " " + strings.Join(what, ", ") + "."
			}
		} else {
			for i := range m.Bars {
				m.Bars[i].Label[lang] = f.segmentLabel(l, &m.Bars[i])
			}
		}
		m.Label[lang] = label
		m.Start[lang] = f.words.count(lang, "barsStart", m.Days)
	}
}

// segmentDates keeps the dates segment labels begin with, by language and
// days: the bars of a hundred components cover the same days, and
// formatting their dates was most of what buoy serve's rebuild after an
// edit spent in view.
type segmentDates map[segmentKey]string

type segmentKey struct{ lang, from, to string }

// withLabels is f keeping the dates of the segment labels it writes, for
// one goroutine.
func (f formatter) withLabels() formatter {
	f.labels = segmentDates{}
	return f
}

// segmentWhen is the days a segment covers, as its label says them.
func (f formatter) segmentWhen(l langFormatter, b *bar) string {
	k := segmentKey{l.key, b.From, b.To}
	if when, ok := f.labels[k]; ok {
		return when
	}
	when := f.mediumDate(l, b.From)
	if b.To != "" {
		when = f.words.t(l.key, "dateRange", map[string]any{"From": when, "To": f.mediumDate(l, b.To)})
	}
	if f.labels != nil {
		f.labels[k] = when
	}
	return when
}

// segmentLabel is what one segment of a bar says in l's language: its
// dates, then its figures, the uptime with one decimal as bars() rounds it.
func (f formatter) segmentLabel(l langFormatter, b *bar) string {
	lang := l.key
	when := f.segmentWhen(l, b)
	var what []string
	counted := b.Uptime != nil
	if b.Status == noData {
		what = append(what, f.words.word(lang, "noData"))
	}
	if counted {
		what = append(what, f.words.named(lang, "uptimePercent", "Percent", percent(l, *b.Uptime, 1)))
	}
	what = f.appendCounts(what, lang, b.NoDataDays, b.Down, b.Degraded)
	if b.Incident != "" {
		what = append(what, f.words.named(lang, "dayIncident", "State", f.words.word(lang, "state_"+b.Incident)))
	} else if !counted && b.Status == "operational" {
		what = append(what, f.words.word(lang, "noIncident"))
	}
	if b.Maintenance != 0 && !counted {
		what = append(what, f.words.word(lang, "state_under_maintenance"))
	}
	return when + ": " + strings.Join(what, ", ")
}

// appendCounts appends the figures a segment and a whole bar both tell.
func (f formatter) appendCounts(what []string, lang string, noDataDays, down, degraded int) []string {
	if noDataDays != 0 {
		what = append(what, f.words.count(lang, "noDataDays", noDataDays))
	}
	if down != 0 {
		what = append(what, f.words.count(lang, "roundsDown", down))
	}
	if degraded != 0 {
		what = append(what, f.words.count(lang, "roundsDegraded", degraded))
	}
	return what
}

// mediumDate is a "2006-01-02" day as time.Format ":date_medium" shows
// it in l's language.
func (f formatter) mediumDate(l langFormatter, day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, f.loc)
	if err != nil {
		return day
	}
	return l.tr.FormatDateMedium(t)
}

// percent is a percentage as the theme's percent.html shows it: a clean
// 100 without decimals.
func percent(l langFormatter, v float64, digits int) string {
	if v >= 100 {
		digits = 0
	}
	return l.tr.FormatPercent(v, digits)
}
