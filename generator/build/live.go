package build

import (
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/snapshot"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// LiveOptions say what a Live builds.
type LiveOptions struct {
	// Dir is the status repository; empty means the current directory.
	Dir string
	// BaseURL maps status.yaml's base_url to the one the site is built
	// with, so that absolute links (canonical, feeds) point at a local
	// server. Nil keeps base_url.
	BaseURL func(configured string) string
	// Now is the clock the site's state is computed at; nil means time.Now.
	Now func() time.Time
	// History is the probe history folder; empty means Dir/history.
	History string
	// Log receives warnings; nil discards them.
	Log io.Writer
}

// Live builds one repository again and again into memory, for `buoy
// serve`: nothing is written to disk, and Hugo keeps its state between
// builds so that a changed incident re-renders its own pages only.
// A Live is not safe for concurrent use.
type Live struct {
	opts   LiveOptions
	loader *repo.Loader
	sess   *render.Session
	// feedMD renders the feeds' incident text, remembering it from one
	// build's outputs to the next: most of it is the same after an edit.
	feedMD *markdown.Renderer
}

// NewLive prepares live builds of opts.Dir.
func NewLive(opts LiveOptions) *Live {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Live{
		opts:   opts,
		loader: repo.NewLoader(opts.Dir, opts.Now),
		sess:   render.NewSession(render.Options{Dir: opts.Dir, Log: opts.Log}),
		feedMD: newMarkdown(nil),
	}
}

// Reset makes the next Build render every page again: call it when the
// theme or the repository's layouts/, static/, i18n/ or assets/ changed.
func (l *Live) Reset() { l.sess.Reset() }

// Close releases what the builds hold.
func (l *Live) Close() { l.sess.Close() }

// Build loads the repository and renders its pages. Invalid input gives
// the diag.List from loading it. The other outputs of the same state
// (feeds, API, badges, calendar) come from the result's Site, separately:
// a preview can show an edited page before they are ready.
func (l *Live) Build(ctx context.Context) (*LiveResult, error) {
	return l.BuildEarly(ctx, nil)
}

// BuildEarly is Build, calling early with the home pages and the theme's
// files (see render.Session.RenderEarly) before the rest of the site when
// Hugo starts afresh, with the base URL the site is built with.
func (l *Live) BuildEarly(ctx context.Context, early func(pages render.Site, baseURL string)) (*LiveResult, error) {
	r, err := l.loader.Load()
	if err != nil {
		return nil, err
	}
	if l.opts.BaseURL != nil {
		cfg := *r.Config
		cfg.BaseURL = l.opts.BaseURL(cfg.BaseURL)
		r.Config = &cfg
	}
	store, err := snapshot.Store(l.opts.Dir, snapshot.Options{History: l.opts.History, Warn: l.opts.Log})
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	snap, err := snapshot.Of(r, store, l.opts.Now())
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	var first func(render.Site)
	if early != nil {
		first = func(pages render.Site) { early(pages, r.Config.BaseURL) }
	}
	pages, err := l.sess.RenderEarly(ctx, snap, first)
	if err != nil {
		return nil, err
	}
	return &LiveResult{Pages: pages, BaseURL: r.Config.BaseURL, snap: snap, words: r.Words, md: l.feedMD}, nil
}

// LiveResult is one live build.
type LiveResult struct {
	// Pages are the pages Hugo rendered, with the theme's static files.
	Pages render.Site
	// BaseURL is the site's base URL as built.
	BaseURL string
	snap    *status.Snapshot
	words   *words.Book
	md      *markdown.Renderer
}

// Site returns the whole site: the pages and every other output, as Build
// writes them to disk. It may run while the Live builds again.
func (res *LiveResult) Site(ctx context.Context) (render.Site, error) {
	md := res.md
	if md == nil {
		md = newMarkdown(nil)
	}
	gen, err := generate(ctx, res.snap, md, res.words)
	if err != nil {
		return nil, err
	}
	// Texts no longer in the site leave the memo; a Site running at the
	// same time for a newer build only finds fewer of its texts there.
	md.Sweep()
	site := make(render.Site, len(res.Pages)+64)
	for p, b := range res.Pages {
		site[p] = b
	}
	for _, files := range gen {
		for p, b := range files {
			if !filepath.IsLocal(p) || path.Clean(p) != p {
				return nil, fmt.Errorf("output %q: not a clean path inside the site", p)
			}
			if _, ok := site[p]; ok {
				return nil, fmt.Errorf("output %s: the site already has this file", p)
			}
			site[p] = b
		}
	}
	return site, nil
}
