package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/gorilla/feeds"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

// Feeds whose entries are encoded once and spliced in are byte for byte
// those of each document encoded at once (wholeFiles, the way feeds were
// written before), for any text that gets past buoy check, with entries
// shared by several channels and channels without entries.
func TestSharedEntries(t *testing.T) {
	snaps := []*status.Snapshot{statustest.SmallSite()}
	for _, text := range statustest.HostileTexts() {
		snaps = append(snaps, statustest.WithText(text))
	}
	for i, s := range snaps {
		md := markdown.New(markdown.HeadingBase(3))
		got, err := files(s, md, words.Builtin())
		if err != nil {
			t.Fatal(err)
		}
		want, err := wholeFiles(s, md, words.Builtin())
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("site %d: %d files, want %d", i, len(got), len(want))
		}
		shared := 0
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Errorf("site %d, %s:\n%s\nwant:\n%s", i, p, got[p], w)
			}
			shared += bytes.Count(w, []byte("<item>"))
		}
		if i == 0 && shared <= len(s.Incidents) {
			t.Errorf("%d items in all for %d incidents: no entry is in two channels", shared, len(s.Incidents))
		}
	}
}

func wholeFiles(s *status.Snapshot, md Renderer, b *words.Book) (map[string][]byte, error) {
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
	if err := site.wholeWrite(s, md, w, out, &scratch, &indented); err != nil {
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
		if err := ch.wholeWrite(s, md, w, out, &scratch, &indented); err != nil {
			return nil, fmt.Errorf("component %s: %w", c.ID, err)
		}
	}
	return out, nil
}

// wholeWrite is channel.write as it encoded each document at once.
func (ch channel) wholeWrite(s *status.Snapshot, md Renderer, w words.Words, out map[string][]byte, scratch *bytes.Buffer, indented *[]byte) error {
	cfg := s.Config
	entries := ch.entries
	if len(entries) > MaxItems {
		entries = entries[:MaxItems]
	}
	for _, e := range entries {
		if err := e.fill(s, md, w); err != nil {
			return err
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
	for _, e := range entries {
		f.Items = append(f.Items, &feeds.Item{
			Title:       x(e.incident.Title),
			Link:        &feeds.Link{Href: e.id},
			Id:          e.id,
			IsPermaLink: "true",
			// RSS descriptions and Atom html summaries are HTML.
			Description: x(htmlEscape(e.summary)),
			Content:     x(e.content),
			Created:     e.published,
			Updated:     e.updated,
		})
	}

	rss := (&feeds.Rss{Feed: f}).RssFeed()
	rss.Language = cfg.Language
	rss.Generator = "buoy"
	if err := wholePut(out, ch.dir+RSSFile, rss, scratch); err != nil {
		return err
	}

	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	atom.Link = nil // written by atomDoc.Links
	atom.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: x(cfg.Title), Uri: cfg.BaseURL}}
	for i, e := range entries {
		atom.Entries[i].Published = e.published.Format(time.RFC3339)
	}
	doc := &atomDoc{
		Lang: cfg.Language,
		Base: cfg.BaseURL,
		Links: []feeds.AtomLink{
			{Href: ch.link, Rel: "alternate", Type: "text/html"},
			{Href: cfg.AbsURL(ch.dir + AtomFile), Rel: "self", Type: "application/atom+xml"},
		},
		AtomFeed: atom,
	}
	if err := wholePut(out, ch.dir+AtomFile, doc, scratch); err != nil {
		return err
	}

	jf := (&feeds.JSON{Feed: f}).JSONFeed()
	jf.FeedUrl = cfg.AbsURL(ch.dir + JSONFile)
	jf.Language = cfg.Language
	jf.Authors = []*feeds.JSONAuthor{{Name: x(cfg.Title), Url: cfg.BaseURL}}
	for i, e := range entries {
		// JSON Feed's summary is plain text, unlike RSS's description.
		jf.Items[i].Summary = x(e.summary)
	}
	scratch.Reset()
	enc := json.NewEncoder(scratch)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonDoc{JSONFeed: jf, Items: append([]*feeds.JSONItem{}, jf.Items...)}); err != nil {
		return fmt.Errorf("%s: %w", ch.dir+JSONFile, err)
	}
	// As enc.SetIndent("", "  ") would indent it, only faster.
	compact := bytes.TrimSuffix(scratch.Bytes(), []byte("\n"))
	*indented = append(indent((*indented)[:0], compact), '\n')
	out[ch.dir+JSONFile] = bytes.Clone(*indented)
	return nil
}

func wholePut(out map[string][]byte, path string, doc feeds.XmlFeed, scratch *bytes.Buffer) error {
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
	out[path] = bytes.Clone(scratch.Bytes())
	return nil
}
