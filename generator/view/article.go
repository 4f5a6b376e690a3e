package view

import "strings"

// An incident page's article (its "main" block) is most of what a build
// of thousands of incidents spends in templates: some ninety template
// calls a page, 45% of Hugo's template time at 10,000 incidents. When the
// theme's own layouts make it (no override of the layouts ArticleLayouts
// names), view writes the article here, byte for byte what the built-in
// incidents/page.html gives, and the page's template only marks where it
// goes (ArticleMark); render splices it into the page as Hugo writes it.
// build's TestSplicedArticles holds the two equal, in every shipped
// language, for hostile text.

// ArticlePartials are the partials an incident's article and its entry
// in lists are made of, beside the layouts of the incidents section: a
// repository or theme with its own version of any of them gets its
// articles and entries from the templates.
func ArticlePartials() []string {
	return []string{"words", "duration", "state", "entry", "entries"}
}

// ArticleLang is a site language as the built-in theme's incident page
// uses it.
type ArticleLang struct {
	// Key is Hugo's language name (LangKey).
	Key string
	// Locale is the language's tag, site.Language.Locale.
	Locale string
	// Prefix is what relLangURL puts before a path of the site: the base
	// URL's path and, for a language other than the default, its key
	// ("/status/fr/").
	Prefix string
}

// The built-in incidents/page.html writes, in place of the article of a
// page in language L of incident I, ArticleMarkStart, ArticleKey(L, I)
// and ArticleMarkEnd: an element no text of the page can forge, as the
// template escapes every "<" of the page's text.
const (
	ArticleMarkStart = `<template data-buoy-article="`
	ArticleMarkEnd   = `"></template>`
)

// ArticleKey is the mark's attribute value as the template writes it.
func ArticleKey(lang, id string) string { return escapeHTML(lang) + "/" + escapeHTML(id) }

// The built-in entries.html writes, in place of the entry of incident
// ref in a list of a page in language L (one without the newest update),
// EntryMarkStart, ArticleKey(L, ref) and ArticleMarkEnd, when the site
// data says buoy writes the entries (hugo.Data.buoy.entries).
const EntryMarkStart = `<template data-buoy-entry="`

// articleWords are the built-in words.html, for one language.
type articleWords struct {
	kind, impact, status, phase, state, during map[string]string
	started, detected, resolved, ongoing       string
	windowStart, windowEnd, ended              string
	duration, durationSoFar                    string
	timeToDetect, timeToResolve                string
	affectedComponents, updates, noUpdates     string
	postmortem                                 string
}

// articleWriter writes the articles of one site language, for one
// goroutine: it keeps the states and durations it wrote.
type articleWriter struct {
	lang ArticleLang
	t    Translate
	w    articleWords
	// durations are duration.html's output by span key.
	durations map[string]string
}

// withArticles marks fm's page as having its article written by view
// and returns the articles and the entries, one of each a writer's
// language, by ArticleKey of the id and of ref.
func withArticles(fm *frontMatter, ref string, writers []*articleWriter) (articles, entries map[string]string) {
	p := fm.Params.(incidentParams)
	p.Article = true
	fm.Params = p
	articles = make(map[string]string, len(writers))
	entries = make(map[string]string, len(writers))
	for _, a := range writers {
		var b strings.Builder
		a.write(&b, fm.Title, &p)
		articles[ArticleKey(a.lang.Key, p.ID)] = b.String()
		b.Reset()
		a.entry(&b, fm.Title, &p)
		entries[ArticleKey(a.lang.Key, ref)] = b.String()
	}
	return articles, entries
}

// entry appends the entry of the incident page (title, p) in a list, as
// the built-in entry.html writes it without the newest update.
func (a *articleWriter) entry(b *strings.Builder, title string, p *incidentParams) {
	a.prepare(p)
	l := a.lang.Key
	b.WriteString(`<li class="entry entry-` + escapeHTML(p.Kind) + ` impact-` + escapeHTML(p.Impact) + "\">\n")
	b.WriteString(`<h3 class="entry-title"><a href="` + escapeHTML(a.lang.Prefix+"incidents/"+p.ID+"/") + `"`)
	if p.Lang != "" && strings.ToLower(p.Lang) != l {
		b.WriteString(` lang="` + escapeHTML(p.Lang) + `"`)
	}
	b.WriteString(` dir="auto">` + escapeHTML(title) + "</a></h3>\n<p class=\"meta\">\n")
	a.tags(b, p)
	b.WriteString("\n· ")
	if p.Kind == "maintenance" {
		a.time(b, p.WindowStart)
		b.WriteString(" – ")
		a.time(b, p.WindowEnd)
	} else {
		a.time(b, p.Started)
	}
	if p.Phase == "completed" {
		b.WriteString(" · " + a.durations[p.Duration.Key])
	}
	b.WriteString("\n</p>\n</li>")
}

func newArticleWriter(l ArticleLang, t Translate) *articleWriter {
	tr := func(key string) string { return t(l.Key, key, nil) }
	set := func(prefix string, values []string) map[string]string {
		m := make(map[string]string, len(values))
		for _, v := range values {
			m[v] = tr(prefix + v)
		}
		return m
	}
	a := &articleWriter{lang: l, t: t, durations: map[string]string{}}
	a.w = articleWords{
		kind:   set("kind_", []string{"incident", "maintenance"}),
		impact: set("impact_", []string{"none", "minor", "major", "critical"}),
		status: set("status_", []string{"investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "completed"}),
		phase:  set("phase_", []string{"upcoming", "in_progress", "completed"}),
		// States come as pages ask for them (prepare), as partialCached
		// "state.html" renders each once.
		state:   map[string]string{},
		during:  map[string]string{"incident": tr("duringIncident"), "maintenance": tr("duringMaintenance")},
		started: tr("started"), detected: tr("detected"), resolved: tr("resolved"), ongoing: tr("ongoing"),
		windowStart: tr("windowStart"), windowEnd: tr("windowEnd"), ended: tr("ended"),
		duration: tr("duration"), durationSoFar: tr("durationSoFar"),
		timeToDetect: tr("timeToDetect"), timeToResolve: tr("timeToResolve"),
		affectedComponents: tr("affectedComponents"), updates: tr("updates"), noUpdates: tr("noUpdates"),
		postmortem: tr("postmortem"),
	}
	return a
}

// prepare fills what p's article asks for beyond the fixed words:
// state.html for each state, duration.html for each span, as
// partialCached keeps them.
func (a *articleWriter) prepare(p *incidentParams) {
	for _, c := range p.Components {
		for _, s := range []string{c.Effect, c.Now} {
			if _, ok := a.w.state[s]; s != "" && !ok {
				a.w.state[s] = stateHTML(s, a.t(a.lang.Key, "state_"+s, nil))
			}
		}
	}
	for _, sp := range []*span{&p.Duration, p.TTD, p.TTR} {
		if sp == nil {
			continue
		}
		if _, ok := a.durations[sp.Key]; !ok {
			a.durations[sp.Key] = a.durationHTML(sp)
		}
	}
}

// stateHTML is the built-in _partials/state.html.
func stateHTML(state, word string) string {
	return `<span class="state state-` + escapeHTML(state) + `"><span class="shape" aria-hidden="true"></span>` + escapeHTML(word) + `</span>`
}

// durationHTML is the built-in _partials/duration.html.
func (a *articleWriter) durationHTML(sp *span) string {
	parts := make([]string, 0, len(sp.Parts))
	for _, p := range sp.Parts {
		parts = append(parts, a.t(a.lang.Key, "duration_"+p.Unit, int(p.N)))
	}
	text := ""
	switch {
	case len(parts) == 2:
		text = a.t(a.lang.Key, "durationPair", map[string]any{"First": parts[0], "Second": parts[1]})
	case len(parts) > 0:
		text = parts[0]
	}
	return `<span class="dur">` + escapeHTML(text) + `</span>`
}

// write appends the article of the incident page (title, p) to b, as the
// built-in incidents/page.html writes its "main" block.
func (a *articleWriter) write(b *strings.Builder, title string, p *incidentParams) {
	a.prepare(p)
	l, w := a.lang.Key, &a.w
	text, ui := "", ""
	if p.Lang != "" && strings.ToLower(p.Lang) != l {
		text, ui = p.Lang, a.lang.Locale
	}
	uiAttr := ""
	if ui != "" {
		uiAttr = ` lang="` + escapeHTML(ui) + `"`
	}
	b.WriteString("\n<article class=\"incident entry-")
	b.WriteString(escapeHTML(p.Kind))
	b.WriteString(" impact-")
	b.WriteString(escapeHTML(p.Impact))
	b.WriteString(`"`)
	if text != "" {
		b.WriteString(` lang="` + escapeHTML(text) + `"`)
	}
	b.WriteString(">\n<header>\n<p class=\"meta\"" + uiAttr + ">\n")
	a.tags(b, p)
	b.WriteString("\n</p>\n<h1 dir=\"auto\">")
	b.WriteString(escapeHTML(title))
	b.WriteString("</h1>\n</header>\n\n<dl class=\"facts\"" + uiAttr + ">")
	fact := func(term string, s *stamp) {
		b.WriteString("\n<div><dt>" + escapeHTML(term) + "</dt><dd>")
		a.time(b, s)
		b.WriteString("</dd></div>")
	}
	if p.Kind == "maintenance" {
		fact(w.windowStart, p.WindowStart)
		fact(w.windowEnd, p.WindowEnd)
		if p.Ended != nil && (p.WindowEnd == nil || p.Ended.UTC != p.WindowEnd.UTC) {
			fact(w.ended, p.Ended)
		}
	} else {
		fact(w.started, p.Started)
		if p.Detected != nil {
			fact(w.detected, p.Detected)
		}
		b.WriteString("\n<div><dt>" + escapeHTML(w.resolved) + "</dt><dd>")
		if p.Resolved != nil {
			a.time(b, p.Resolved)
		} else {
			b.WriteString(escapeHTML(w.ongoing))
		}
		b.WriteString("</dd></div>")
	}
	if p.Phase != "upcoming" {
		b.WriteString("\n<div><dt>")
		if p.Ended != nil {
			b.WriteString(escapeHTML(w.duration))
		} else {
			b.WriteString(escapeHTML(w.durationSoFar))
		}
		b.WriteString("</dt><dd")
		if p.Ended == nil {
			b.WriteString(` data-since="`)
			if p.Started != nil {
				b.WriteString(escapeHTML(p.Started.UTC))
			} else if p.WindowStart != nil {
				b.WriteString(escapeHTML(p.WindowStart.UTC))
			}
			b.WriteString(`"`)
		}
		b.WriteString(">" + a.durations[p.Duration.Key] + "</dd></div>")
	}
	if p.TTD != nil {
		b.WriteString("\n<div><dt>" + escapeHTML(w.timeToDetect) + "</dt><dd>" + a.durations[p.TTD.Key] + "</dd></div>")
	}
	if p.TTR != nil {
		b.WriteString("\n<div><dt>" + escapeHTML(w.timeToResolve) + "</dt><dd>" + a.durations[p.TTR.Key] + "</dd></div>")
	}
	b.WriteString("\n</dl>\n\n<section aria-labelledby=\"affected\"" + uiAttr + ">\n<h2 id=\"affected\">")
	b.WriteString(escapeHTML(w.affectedComponents))
	b.WriteString("</h2>\n<ul class=\"components\">")
	over := p.Phase == "completed"
	during := ""
	if over {
		during = w.during[p.Kind]
	}
	for _, c := range p.Components {
		b.WriteString("\n<li><a href=\"")
		b.WriteString(escapeHTML(a.lang.Prefix + "components/" + c.ID + "/"))
		b.WriteString("\" dir=\"auto\">")
		b.WriteString(escapeHTML(c.Name))
		b.WriteString("</a> ")
		switch {
		case c.Now != "":
			b.WriteString(w.state[c.Now])
		case over:
			b.WriteString("<span>" + w.state[c.Effect] + ` <span class="meta">` + escapeHTML(during) + "</span></span>")
		default:
			b.WriteString(w.state[c.Effect])
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n</section>\n\n<section aria-labelledby=\"updates\">\n<h2 id=\"updates\"" + uiAttr + ">")
	b.WriteString(escapeHTML(w.updates))
	b.WriteString("</h2>")
	if len(p.Updates) > 0 {
		b.WriteString("\n<ol class=\"timeline\" reversed>")
		for _, u := range p.Updates {
			b.WriteString("\n<li>\n<p class=\"label\"" + uiAttr + "><strong>")
			b.WriteString(escapeHTML(w.status[u.Status]))
			b.WriteString("</strong> · ")
			if u.At != nil {
				a.time(b, u.At)
			}
			b.WriteString("</p>\n<div class=\"md\" dir=\"auto\">")
			b.WriteString(u.HTML)
			b.WriteString("</div>\n</li>")
		}
		b.WriteString("\n</ol>")
	} else {
		b.WriteString("\n<p" + uiAttr + ">" + escapeHTML(w.noUpdates) + "</p>")
	}
	b.WriteString("\n</section>")
	if p.Postmortem != "" {
		b.WriteString("\n<section aria-labelledby=\"postmortem\">\n<h2 id=\"postmortem\"" + uiAttr + ">")
		b.WriteString(escapeHTML(w.postmortem))
		b.WriteString("</h2>\n<div class=\"md\" dir=\"auto\">")
		b.WriteString(p.Postmortem)
		b.WriteString("</div>\n</section>")
	}
	b.WriteString("\n</article>\n")
}

// tags writes the kind, the impact of an incident and the status, as
// the page and entry.html show them above the title.
func (a *articleWriter) tags(b *strings.Builder, p *incidentParams) {
	w := &a.w
	b.WriteString(`<span class="tag">` + escapeHTML(w.kind[p.Kind]) + `</span>`)
	if p.Kind == "incident" {
		b.WriteString(` <span class="tag impact">` + escapeHTML(w.impact[p.Impact]) + `</span>`)
	}
	b.WriteString("\n<span class=\"status\">")
	if p.Status != "" {
		b.WriteString(escapeHTML(w.status[p.Status]))
	} else {
		b.WriteString(escapeHTML(w.phase[p.Phase]))
	}
	b.WriteString("</span>")
}

func (a *articleWriter) time(b *strings.Builder, s *stamp) {
	if s == nil {
		return
	}
	b.WriteString(`<time datetime="` + escapeHTML(s.UTC) + `">` + escapeHTML(s.Text[a.lang.Key]) + `</time>`)
}

// escapeHTML escapes s as Hugo's html/template does text and quoted
// attribute values: NUL becomes U+FFFD, and " & ' + < > character
// references.
func escapeHTML(s string) string {
	i := strings.IndexAny(s, "\x00\"&'+<>")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, r := range []byte(s[i:]) {
		switch r {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(r)
		}
	}
	return b.String()
}
