package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/status"
)

// recentLimit bounds the past incidents the home page lists; the archive
// has the rest.
const recentLimit = 10

// componentPageSize is how many incidents a component's page lists, and
// each of its older pages: as many as the history's pages.
const componentPageSize = 30

// monthPageSize is how many entries a month's page of the history lists
// before the rest go on the month's further pages: more than a month of
// an incident every few hours, so that only a month far busier than that
// has several.
const monthPageSize = 150

// File is one generated content file, path relative to the content folder.
type File struct {
	Path string
	Data []byte
	// Articles and Entries are the page's article and its entry in lists
	// by ArticleKey, when view writes them (Options.Articles).
	Articles, Entries map[string]string
}

// Options say how Content lays pages out.
type Options struct {
	// Markdown renders incident text.
	Markdown *markdown.Renderer
	// Memo keeps settled incidents' pages from one call to the next; nil
	// makes every page afresh.
	Memo *Memo
	// ByYear puts each year's incidents in a section of their own (see
	// pager).
	ByYear bool
	// Joins are the theme's dateTime strings, by language key.
	Joins DateTimeJoins
	// T is the theme's T, for the words of uptime bars; nil means the
	// built-in theme's words.
	T Translate
	// Articles, with T and without Memo, has view write each incident
	// page's article and its entry in lists in these languages
	// (article.go): set only when the built-in theme's layouts make them.
	Articles []ArticleLang
	// BareIncidents, with Articles, gives the page of an incident that
	// the home page does not list only the params the built-in layouts
	// read of it (articleParams): set only when every layout is the
	// built-in theme's.
	BareIncidents bool
}

// Content turns a snapshot into content files: a page per incident,
// component and archive month, plus the home and archive index pages,
// each nothing but front matter (see encode).
func Content(snap *status.Snapshot, o Options) ([]File, error) {
	md, memo, byYear, joins := o.Markdown, o.Memo, o.ByYear, o.Joins
	cfg := snap.Config
	loc := cfg.Loc()
	f := newFormatterT(cfg, joins, o.T).withLabels()
	pr := pager{loc: loc, byYear: byYear}

	var articles []ArticleLang
	if o.T != nil && memo == nil {
		articles = o.Articles
	}
	h := home(snap, f, pr)
	var full map[string]bool
	if o.BareIncidents {
		full = h.refs()
	}
	incidents, err := incidentPages(snap, md, f, memo, pr, joins, articles, o.T, full)
	if err != nil {
		return nil, err
	}
	files := incidents

	add := func(p string, fm frontMatter) error {
		b, err := encode(fm)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		files = append(files, File{Path: p, Data: b})
		return nil
	}
	never := &buildOptions{Render: "never"}

	// The home and incidents pages carry the dates Hugo would otherwise
	// take from their newest pages: in watch mode it counts dates taken
	// again, even the same, as a change, and renders the home page again
	// after any edit.
	date, lastmod := newestDates(snap)
	if err := add("_index.md", frontMatter{Title: cfg.Title, Date: date, Lastmod: lastmod, Params: h}); err != nil {
		return nil, err
	}
	// The Subscribe page's title is the theme's, in each language.
	if err := add("subscribe.md", frontMatter{Title: "Subscribe", Type: "subscribe", Params: subscribe(cfg)}); err != nil {
		return nil, err
	}
	if err := add("incidents/_index.md", frontMatter{Title: "Incidents", Date: date, Lastmod: lastmod, Build: never}); err != nil {
		return nil, err
	}
	if err := add("components/_index.md", frontMatter{Title: "Components", Build: never}); err != nil {
		return nil, err
	}
	for _, y := range pr.years(snap) {
		if err := add("incidents/"+y+"/_index.md", frontMatter{Title: y, Build: never}); err != nil {
			return nil, err
		}
	}
	// Component pages carry the site's monitoring for the stale banner,
	// only while it shows: its "last check N min ago" changes each minute.
	siteMon := monitoringOf(snap, f)
	if siteMon != nil && !(siteMon.Probed && siteMon.Stale) {
		siteMon = nil
	}
	for _, c := range cfg.Components {
		var ids []string
		for _, in := range snap.ForComponent(c.ID) {
			ids = append(ids, pr.ref(in))
		}
		pages := max(1, (len(ids)+componentPageSize-1)/componentPageSize)
		p := componentParams{
			ID: c.ID, Group: c.Group, Description: c.Description, URL: c.URL,
			State: string(snap.States[c.ID]), Since: sinceOf(snap, f, snap.ProbeSince(c.ID)), Incidents: nonNil(ids[:min(len(ids), componentPageSize)]),
			Monitoring:     componentMonitoringOf(snap, c, f, 0),
			SiteMonitoring: siteMon,
		}
		if pages > 1 {
			p.Page, p.Pages = 1, pages
		}
		if err := add("components/"+c.ID+".md", frontMatter{Title: c.Name, Params: p}); err != nil {
			return nil, err
		}
		// Older incidents go on pages of their own, components/ID/page/N/,
		// as Hugo names a list's pages: the component's page stays small
		// however many it has.
		for n := 2; n <= pages; n++ {
			older := componentParams{
				ID: c.ID, State: p.State, Incidents: ids[(n-1)*componentPageSize : min(len(ids), n*componentPageSize)],
				Page: n, Pages: pages,
			}
			if err := add(fmt.Sprintf("components/%s/page/%d.md", c.ID, n), frontMatter{Title: c.Name, Params: older}); err != nil {
				return nil, err
			}
		}
	}

	// Snapshot.Incidents is newest start first, so each month's list is too.
	months := map[string]*monthParams{}
	var order []string
	counts := map[string]*monthSummary{}
	for i := range snap.Incidents {
		in := &snap.Incidents[i]
		m := monthOf(in, loc)
		mp, ok := months[m]
		if !ok {
			mp = &monthParams{monthName: f.month(m)}
			months[m] = mp
			counts[m] = &monthSummary{monthName: mp.monthName}
			order = append(order, m)
		}
		mp.Incidents = append(mp.Incidents, pr.ref(in))
		if in.IsMaintenance() {
			counts[m].Maintenance++
		} else {
			counts[m].Incidents++
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(order)))
	history := historyParams{Months: []monthSummary{}}
	var historyDate string // the newest month's, as for the home page
	for i, m := range order {
		history.Months = append(history.Months, *counts[m])
		mp := months[m]
		if i > 0 {
			mp.Newer = &counts[order[i-1]].monthName
		}
		if i+1 < len(order) {
			mp.Older = &counts[order[i+1]].monthName
		}
		first, _ := time.ParseInLocation("2006-01", m, loc)
		fm := frontMatter{Title: m, Date: first.Format(time.RFC3339), Params: mp}
		if i == 0 {
			historyDate = fm.Date
		}
		all := mp.Incidents
		pages := (len(all) + monthPageSize - 1) / monthPageSize
		for n := 1; n <= pages; n++ {
			page := *mp
			page.Incidents = all[(n-1)*monthPageSize : min(len(all), n*monthPageSize)]
			p := "history/" + m + ".md"
			if pages > 1 {
				page.Page, page.Pages = n, pages
			}
			if n > 1 {
				p = fmt.Sprintf("history/%s/page/%d.md", m, n)
			}
			if err := add(p, frontMatter{Title: fm.Title, Date: fm.Date, Params: &page}); err != nil {
				return nil, err
			}
		}
	}
	if err := add("history/_index.md", frontMatter{Title: "History", Date: historyDate, Lastmod: historyDate, Params: history}); err != nil {
		return nil, err
	}
	return files, nil
}

// refs are the incidents the home page lists, by ref: the built-in
// layouts read their pages' params (the newest update, the impact).
func (h homeParams) refs() map[string]bool {
	refs := map[string]bool{}
	for _, list := range [][]string{h.Active, h.Maintenance, h.Upcoming, h.Recent} {
		for _, ref := range list {
			refs[ref] = true
		}
	}
	return refs
}

func home(snap *status.Snapshot, f formatter, pr pager) homeParams {
	cfg := snap.Config
	h := homeParams{
		Indicator:   string(snap.Indicator),
		Active:      pr.refs(snap.Active()),
		Maintenance: pr.refs(snap.Maintenance(status.PhaseInProgress)),
		Upcoming:    pr.refs(snap.Maintenance(status.PhaseUpcoming)),
		Recent:      []string{},
		RecentDays:  cfg.HistoryDaysOrDefault(),
		Monitoring:  monitoringOf(snap, f),
	}
	segments := homeBarSegments(len(cfg.Components))
	for _, g := range cfg.Groups() {
		gp := groupParams{Name: g.Name}
		for _, c := range g.Components {
			gp.Components = append(gp.Components, componentState{
				ID: c.ID, Name: c.Name, State: string(snap.States[c.ID]), Since: sinceOf(snap, f, snap.ProbeSince(c.ID)),
				Monitoring: componentMonitoringOf(snap, c, f, segments),
			})
		}
		h.Groups = append(h.Groups, gp)
	}
	since := snap.Now.AddDate(0, 0, -cfg.HistoryDaysOrDefault())
	for i := range snap.Incidents {
		in := &snap.Incidents[i]
		if len(h.Recent) == recentLimit || in.Start().Before(since) {
			break
		}
		if in.Phase(snap.Now) == status.PhaseCompleted {
			h.Recent = append(h.Recent, pr.ref(in))
		}
	}
	return h
}

// incidentPages renders every incident's Markdown, spread over the CPUs:
// at ten thousand incidents it is the largest part of preparing content.
//
// With articles and full (the refs of the incidents the home page lists),
// the page of any other incident gets only what the built-in layouts read
// of a page whose article is written (articleParams): Hugo decodes and
// keeps every page's front matter, and the rest of it was most of that.
func incidentPages(snap *status.Snapshot, md *markdown.Renderer, f formatter, memo *Memo, pr pager, joins DateTimeJoins, articles []ArticleLang, t Translate, full map[string]bool) ([]File, error) {
	memo.reset(snap.Config, joins)
	files := make([]File, len(snap.Incidents))
	errs := make([]error, len(snap.Incidents))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := f.withParts()
			writers := make([]*articleWriter, len(articles))
			for j, l := range articles {
				writers[j] = newArticleWriter(l, t)
			}
			for i := range next {
				in := &snap.Incidents[i]
				files[i].Path = path.Join("incidents", pr.ref(in)+".md")
				if data, ok := memo.get(in, snap.Now); ok {
					files[i].Data = data
					continue
				}
				fm, err := incidentPage(snap, in, md, f)
				if err == nil && len(writers) > 0 {
					ref := pr.ref(in)
					files[i].Articles, files[i].Entries = withArticles(&fm, ref, writers)
					if full != nil && !full[ref] {
						fm.Params = articleParams{ID: in.ID, Article: true}
					}
				}
				if err == nil {
					files[i].Data, err = encodeIncident(fm)
				}
				if err != nil {
					errs[i] = fmt.Errorf("incident %s: %w", in.Path, err)
				}
			}
		}()
	}
	for i := range snap.Incidents {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	memo.keep(snap, files)
	return files, nil
}

func incidentPage(snap *status.Snapshot, in *status.Incident, md *markdown.Renderer, f formatter) (frontMatter, error) {
	cfg := snap.Config
	loc := cfg.Loc()
	p := incidentParams{
		ID: in.ID, Kind: string(in.Kind), Lang: in.Lang, Impact: string(in.Impact),
		Status: string(in.LastStatus()), Phase: string(in.Phase(snap.Now)),
		Duration:   newSpan(in.Duration(snap.Now)),
		TTD:        spanPtr(in.TimeToDetect()),
		TTR:        spanPtr(in.TimeToResolve()),
		Components: []affectedParams{},
		Updates:    []updateParams{},
		Month:      monthOf(in, loc),
	}
	if p.Lang == "" {
		// The text is in the site's default language, whichever language
		// the page around it is built in.
		p.Lang = cfg.Language
	}
	if in.IsMaintenance() {
		p.WindowStart = f.stamp(in.Window.Start)
		p.WindowEnd = f.stamp(in.Window.End)
	} else {
		p.Started = f.stamp(in.Started)
		p.Detected = f.stamp(in.Detected)
		p.Resolved = f.stamp(in.Resolved)
	}
	if end := in.End(); !end.IsZero() && !end.After(snap.Now) {
		p.Ended = f.stamp(end)
	}
	for _, id := range in.Components {
		name := id
		if c, ok := cfg.Component(id); ok {
			name = c.Name
		}
		a := affectedParams{ID: id, Name: name, Effect: string(in.Effect(id))}
		if in.Phase(snap.Now) == status.PhaseInProgress {
			a.Now = string(snap.States[id])
		}
		p.Components = append(p.Components, a)
	}
	for _, u := range in.Timeline() {
		html, err := md.HTML(u.Text)
		if err != nil {
			return frontMatter{}, fmt.Errorf("update at %s: %w", u.At.Format(time.RFC3339), err)
		}
		p.Updates = append(p.Updates, updateParams{Status: string(u.Status), At: f.stamp(u.At), HTML: html})
	}
	html, err := md.HTML(in.Postmortem)
	if err != nil {
		return frontMatter{}, fmt.Errorf("postmortem: %w", err)
	}
	p.Postmortem = html
	return frontMatter{
		Title:   in.Title,
		Date:    in.Start().In(loc).Format(time.RFC3339),
		Lastmod: lastmodOf(in, snap.Now).In(loc).Format(time.RFC3339),
		Params:  p,
	}, nil
}

// newestDates are the newest start and the newest Lastmod of the
// incidents, as Hugo dates a page by its newest pages; "" without any.
func newestDates(snap *status.Snapshot) (date, lastmod string) {
	var start, mod time.Time
	for i := range snap.Incidents {
		in := &snap.Incidents[i]
		if t := in.Start(); t.After(start) {
			start = t
		}
		if t := lastmodOf(in, snap.Now); t.After(mod) {
			mod = t
		}
	}
	if start.IsZero() {
		return "", ""
	}
	loc := snap.Config.Loc()
	return start.In(loc).Format(time.RFC3339), mod.In(loc).Format(time.RFC3339)
}

// lastmodOf is an incident's Lastmod (the sitemap's): the newest change
// already made. A future window does not count.
func lastmodOf(in *status.Incident, now time.Time) time.Time {
	var lastmod time.Time
	for _, t := range []time.Time{in.Start(), in.Resolved} {
		if !t.After(now) && t.After(lastmod) {
			lastmod = t
		}
	}
	for _, u := range in.Updates {
		if u.At.After(lastmod) && !u.At.After(now) {
			lastmod = u.At
		}
	}
	if lastmod.IsZero() {
		lastmod = in.Start()
	}
	return lastmod
}

// encode writes a content file that is nothing but JSON front matter: all
// text lives in params, so nothing a contributor writes is ever read by
// Hugo as a shortcode or template.
func encode(fm frontMatter) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// "<" as itself, not \u003c: smaller, and faster for Hugo to decode.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pager names incident pages for the theme's lists: by id, or by year
// and id ("2024/2024-05-01-api-errors") when each year's incidents are
// a section of their own. Either way a template finds the page at
// site.GetPage "/incidents/<ref>", and its URL is /incidents/<id>/.
//
// Years as sections are for Render: Hugo creates the pages of a section
// in one goroutine and sections in parallel, and ten thousand incidents
// in one section kept a core busy for three seconds while the other
// idled. A Session keeps one section: Hugo's incremental rebuilds missed
// changes to pages in nested sections.
type pager struct {
	loc    *time.Location
	byYear bool
}

func (p pager) ref(in *status.Incident) string {
	if !p.byYear {
		return in.ID
	}
	return monthOf(in, p.loc)[:4] + "/" + in.ID
}

func (p pager) refs(in []*status.Incident) []string {
	out := make([]string, 0, len(in))
	for _, i := range in {
		out = append(out, p.ref(i))
	}
	return out
}

// years lists the sections incidents are in below incidents/, each once.
func (p pager) years(snap *status.Snapshot) []string {
	if !p.byYear {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i := range snap.Incidents {
		y := monthOf(&snap.Incidents[i], p.loc)[:4]
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
