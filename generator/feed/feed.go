// Package feed writes the site's RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds,
// one set for the whole site and one per component. Each incident or
// maintenance is one item whose id is the absolute URL of its page, so a new
// update changes the item's updated time and content, never its identity:
// feed readers show it as the same entry, updated.
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"time"

	"github.com/gorilla/feeds"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// MaxItems bounds each feed: readers poll feeds often, and a feed is a
// window on recent news, not the archive (the site's history pages are).
const MaxItems = 50

// Names of the files a feed set is written to, relative to its directory
// ("" for the site, "components/<id>/" for a component). The theme announces
// them in the page head under the same names.
const (
	RSSFile  = "rss.xml"
	AtomFile = "atom.xml"
	JSONFile = "feed.json"
)

// Renderer turns the Markdown of updates and postmortems into safe HTML.
type Renderer interface {
	HTML(src string) (string, error)
}

// Files returns the site's feeds and every component's, keyed by path
// relative to the site root, their words the built-in theme's. Headings
// in incident text start at <h3>, below the entry's title, as on the
// incident's page.
func Files(s *status.Snapshot) (map[string][]byte, error) {
	return files(s, markdown.New(markdown.HeadingBase(3)), words.Builtin())
}

// FilesWith is Files with md for the Markdown: a build hands it the
// renderer of its pages, which remembers what it rendered, so a text is
// rendered once for both.
func FilesWith(md Renderer) func(*status.Snapshot) (map[string][]byte, error) {
	return FilesIn(md, words.Builtin())
}

// FilesIn is FilesWith with the words of b, in the site's language.
func FilesIn(md Renderer, b *words.Book) func(*status.Snapshot) (map[string][]byte, error) {
	return func(s *status.Snapshot) (map[string][]byte, error) { return files(s, md, b) }
}

func files(s *status.Snapshot, md Renderer, b *words.Book) (map[string][]byte, error) {
	cfg := s.Config
	w := b.In(cfg.Language)
	entries := make([]*entry, 0, len(s.Incidents))
	for i := range s.Incidents {
		entries = append(entries, newEntry(s, &s.Incidents[i]))
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if !a.updated.Equal(b.updated) {
			return a.updated.After(b.updated)
		}
		return a.id > b.id
	})

	// One pass gives every component its entries, in the same order.
	mine := map[string][]*entry{}
	for _, e := range entries {
		for _, id := range e.incident.Components {
			if l := mine[id]; len(l) == 0 || l[len(l)-1] != e {
				mine[id] = append(l, e)
			}
		}
	}

	out := map[string][]byte{}
	var scratch bytes.Buffer
	var indented []byte
	description := cfg.Description
	if description == "" {
		description = w.T("feedDescription", words.Args{"Site": cfg.Title})
	}
	site := channel{
		title:       cfg.Title,
		description: description,
		link:        cfg.BaseURL,
		dir:         "",
		entries:     entries,
	}
	if err := site.write(s, md, w, out, &scratch, &indented); err != nil {
		return nil, err
	}
	for _, c := range cfg.Components {
		ch := channel{
			title:       c.Name + " – " + cfg.Title,
			description: w.T("componentFeedDescription", words.Args{"Name": c.Name, "Site": cfg.Title}),
			link:        cfg.ComponentURL(c.ID),
			dir:         "components/" + c.ID + "/",
			entries:     mine[c.ID],
		}
		if err := ch.write(s, md, w, out, &scratch, &indented); err != nil {
			return nil, fmt.Errorf("component %s: %w", c.ID, err)
		}
	}
	return out, nil
}

// channel is one set of feeds (RSS, Atom, JSON) over the same entries.
type channel struct {
	title, description string
	// link is the absolute URL of the HTML page the feed belongs to.
	link    string
	dir     string
	entries []*entry
}

// scratch is the buffer each feed is written into before it is copied
// to out at its size, and indented the JSON feed's once indented;
// channels are written one after another.
//
// An entry is in the site's feeds and in those of each component it
// affects, and reads the same in each: it is encoded once per format
// (entry.encode) and its bytes are put where encoding/xml and
// encoding/json would write it within the channel's document, which is
// encoded without entries (splice). The bytes are those of the whole
// document encoded at once (TestSharedEntries).
func (ch channel) write(s *status.Snapshot, md Renderer, w words.Words, out map[string][]byte, scratch *bytes.Buffer, indented *[]byte) error {
	cfg := s.Config
	entries := ch.entries
	if len(entries) > MaxItems {
		entries = entries[:MaxItems]
	}
	for _, e := range entries {
		if err := e.fill(s, md, w); err != nil {
			return err
		}
		if err := e.encode(scratch); err != nil {
			return fmt.Errorf("%s: %w", e.incident.Path, err)
		}
	}
	// Every text goes through safetext.XML: buoy check refuses what XML
	// cannot hold, but a feed must stay valid for any text that gets
	// through, and RSS content is CDATA, which escapes nothing.
	x := safetext.XML
	f := &feeds.Feed{
		Title:       x(ch.title),
		Link:        &feeds.Link{Href: ch.link, Rel: "alternate", Type: "text/html"},
		Description: x(ch.description),
		Updated:     s.Now.UTC(),
	}

	rss := (&feeds.Rss{Feed: f}).RssFeed()
	rss.Language = cfg.Language
	rss.Generator = "buoy"
	if err := put(out, ch.dir+RSSFile, rss, scratch, rssItemsEnd, entries, func(e *entry) []byte { return e.rss }); err != nil {
		return err
	}

	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	atom.Link = nil // written by atomDoc.Links
	atom.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: x(cfg.Title), Uri: cfg.BaseURL}}
	doc := &atomDoc{
		Lang: cfg.Language,
		Base: cfg.BaseURL,
		Links: []feeds.AtomLink{
			{Href: ch.link, Rel: "alternate", Type: "text/html"},
			{Href: cfg.AbsURL(ch.dir + AtomFile), Rel: "self", Type: "application/atom+xml"},
		},
		AtomFeed: atom,
	}
	if err := put(out, ch.dir+AtomFile, doc, scratch, atomEntriesEnd, entries, func(e *entry) []byte { return e.atom }); err != nil {
		return err
	}

	jf := (&feeds.JSON{Feed: f}).JSONFeed()
	jf.FeedUrl = cfg.AbsURL(ch.dir + JSONFile)
	jf.Language = cfg.Language
	jf.Authors = []*feeds.JSONAuthor{{Name: x(cfg.Title), Url: cfg.BaseURL}}
	scratch.Reset()
	enc := json.NewEncoder(scratch)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonDoc{JSONFeed: jf, Items: []*feeds.JSONItem{}}); err != nil {
		return fmt.Errorf("%s: %w", ch.dir+JSONFile, err)
	}
	compact, err := splice(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")), jsonItemsEnd, ",", entries, func(e *entry) []byte { return e.json })
	if err != nil {
		return fmt.Errorf("%s: %w", ch.dir+JSONFile, err)
	}
	// As enc.SetIndent("", "  ") would indent it, only faster.
	*indented = append(indent((*indented)[:0], compact), '\n')
	out[ch.dir+JSONFile] = bytes.Clone(*indented)
	return nil
}

// Where a channel's entries go in its document encoded without them: before
// the last of these, as encoding/xml (indented as put indents) and
// encoding/json (compact) write an empty list.
var (
	rssItemsEnd    = []byte("\n  </channel>")
	atomEntriesEnd = []byte("\n</feed>")
	jsonItemsEnd   = []byte("]}")
)

// splice puts the bytes of each entry into doc before the last end, each
// after sep (XML: a newline; JSON: a comma but for the first).
func splice(doc, end []byte, sep string, entries []*entry, bytesOf func(*entry) []byte) ([]byte, error) {
	at := bytes.LastIndex(doc, end)
	if at < 0 {
		return nil, fmt.Errorf("no %q to put the entries before", end)
	}
	size := len(doc)
	for _, e := range entries {
		size += len(sep) + len(bytesOf(e))
	}
	b := make([]byte, 0, size)
	b = append(b, doc[:at]...)
	for i, e := range entries {
		if i > 0 || sep != "," {
			b = append(b, sep...)
		}
		b = append(b, bytesOf(e)...)
	}
	return append(b, doc[at:]...), nil
}

// encode encodes e once in each format, as it reads inside any channel:
// an RSS item at depth 2 (rss, channel), an Atom entry at depth 1, a JSON
// Feed item compact. It needs e's text (fill).
func (e *entry) encode(scratch *bytes.Buffer) error {
	if e.rss != nil {
		return nil
	}
	x := safetext.XML
	one := &feeds.Feed{Items: []*feeds.Item{{
		Title:       x(e.incident.Title),
		Link:        &feeds.Link{Href: e.id},
		Id:          e.id,
		IsPermaLink: "true",
		// RSS descriptions and Atom html summaries are HTML.
		Description: x(htmlEscape(e.summary)),
		Content:     x(e.content),
		Created:     e.published,
		Updated:     e.updated,
	}}}
	var err error
	if e.rss, err = encodeXML(scratch, "    ", (&feeds.Rss{Feed: one}).RssFeed().Items[0]); err != nil {
		return err
	}
	atom := (&feeds.Atom{Feed: one}).AtomFeed().Entries[0]
	atom.Published = e.published.Format(time.RFC3339)
	if e.atom, err = encodeXML(scratch, "  ", atom); err != nil {
		return err
	}
	item := (&feeds.JSON{Feed: one}).JSONFeed().Items[0]
	// JSON Feed's summary is plain text, unlike RSS's description.
	item.Summary = x(e.summary)
	scratch.Reset()
	enc := json.NewEncoder(scratch)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(item); err != nil {
		return err
	}
	e.json = bytes.Clone(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")))
	return nil
}

// encodeXML encodes v indented as put indents a document, at the depth
// prefix gives: encoding/xml writes a prefix before each line, and an
// element's own indentation is its depth's.
func encodeXML(scratch *bytes.Buffer, prefix string, v any) ([]byte, error) {
	scratch.Reset()
	enc := xml.NewEncoder(scratch)
	enc.Indent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(scratch.Bytes()), nil
}

// jsonDoc writes "items" even when there are none: JSON Feed requires the
// key, and gorilla omits an empty list. The outer field hides the embedded one.
type jsonDoc struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

// put writes doc as feeds.ToXML does, then a newline, with the entries'
// bytes spliced in before end, through scratch into a slice of its size:
// ToXML's string went through four copies of itself on its way to out,
// and a growing buffer makes as many again; a site of 10,000 incidents
// over 100 components has 303 feeds.
func put(out map[string][]byte, path string, doc feeds.XmlFeed, scratch *bytes.Buffer, end []byte, entries []*entry, bytesOf func(*entry) []byte) error {
	scratch.Reset()
	// The header without its newline, as feeds.ToXML writes it.
	scratch.WriteString(xml.Header[:len(xml.Header)-1])
	enc := xml.NewEncoder(scratch)
	enc.Indent("", "  ")
	if err := enc.Encode(doc.FeedXml()); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	scratch.WriteByte('\n')
	b, err := splice(scratch.Bytes(), end, "\n", entries, bytesOf)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out[path] = b
	return nil
}
