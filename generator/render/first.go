package render

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
)

// RenderEarly is Render, first calling early with the home page of each
// language and the theme's files (stylesheet, scripts, favicon, static
// files) when Hugo starts afresh: a site of a thousand incidents takes
// seconds to render, its home page a fraction of one. The early files are
// byte for byte those of the whole site. They come from a Hugo of their
// own given only the content files the home pages show; if that fails,
// early is not called and the whole site's render reports why.
func (s *Session) RenderEarly(ctx context.Context, snap *status.Snapshot, early func(Site)) (Site, error) {
	if s.sites == nil && early != nil {
		if site, err := s.first(snap); err == nil && ctx.Err() == nil {
			early(site)
		}
	}
	return s.Render(ctx, snap)
}

// first renders the home pages and the theme's files of snap's site.
func (s *Session) first(snap *status.Snapshot) (Site, error) {
	// Warnings are the whole site's render's to report, once.
	opts := s.opts
	opts.Log = io.Discard
	proj, err := newProject(snap.Config, opts)
	if err != nil {
		return nil, err
	}
	if err := proj.writeData(snap, false); err != nil {
		return nil, err
	}
	rw, err := relurl.New(snap.Config.BaseURL)
	if err != nil {
		return nil, err
	}

	hugoMu.Lock()
	defer hugoMu.Unlock()
	sites, hfs, err := proj.openSites(io.Discard, false)
	if err != nil {
		return nil, err
	}
	// The content made here, settled incidents' pages in the memo, is
	// what the whole site's render makes again, mostly from the memo.
	files, err := view.Content(snap, view.Options{Markdown: s.opts.Markdown, Memo: s.pages, Joins: dateTimeJoinsOf(sites)})
	if err == nil {
		home, _ := ownFolders(homeContent(files))
		err = proj.writeContent(home)
	}
	if err == nil {
		err = copyStatic(sites, hfs)
	}
	if err == nil {
		err = buildSites(sites)
	}
	if errors.Is(err, errStalled) {
		// Never close a stalled Hugo (see buildSites).
		return nil, err
	}
	defer sites.Close()
	if err != nil {
		return nil, err
	}

	homes := map[string]bool{}
	base := sites.Sites[0].Home().RelPermalink()
	for _, site := range sites.Sites {
		homes[strings.TrimPrefix(site.Home().RelPermalink(), base)+"index.html"] = true
	}
	site := Site{}
	err = afero.Walk(proj.fs, publishDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel := p[len(publishDir)+1:]
		if !homes[rel] && (path.Ext(rel) == ".html" || path.Ext(rel) == ".xml") {
			// Pages and sitemaps listing what this Hugo was not given.
			return nil
		}
		b, err := afero.ReadFile(proj.fs, p)
		if err == nil && relurl.Applies(rel) {
			b = rw.Page(make([]byte, 0, len(b)+len(b)/16), b, rel)
		}
		site[rel] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	return site, nil
}

// homeContent is what the home pages are made of: the sections and the
// home page itself, and the incidents it lists (by ref in its params).
func homeContent(files []view.File) []view.File {
	var home []byte
	for _, f := range files {
		if f.Path == "_index.md" {
			home = f.Data
		}
	}
	var out []view.File
	for _, f := range files {
		if id, ok := incidentID(f.Path); ok && !bytes.Contains(home, []byte(strconv.Quote(id))) {
			continue
		}
		if _, ok := incidentID(f.Path); ok || path.Ext(f.Path) != ".md" || f.Path == "_index.md" || strings.HasSuffix(f.Path, "/_index.md") {
			out = append(out, f)
		}
	}
	return out
}
