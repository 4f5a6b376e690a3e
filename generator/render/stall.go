package render

import (
	"errors"
	"path"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/page"

	"github.com/buoystatus/buoy/generator/view"
)

// errStalled is a Build that cannot return. Hugo 0.165 stops collecting
// page errors at the tenth page of a language that fails to render (a
// broken partial fails on every page), and its page workers then quit;
// the walker that feeds them checks for that before, not while, it sends,
// so once their queue is full it waits for good (hugolib.renderPages).
var errStalled = errors.New("hugo stopped after ten pages failed to render")

// stallGrace is how long Build may take to return once Hugo has stopped:
// the pages already queued are rendered, at most a few per worker.
const stallGrace = 5 * time.Second

// buildSites runs Build, returning errStalled instead of waiting for good
// when Hugo stalls. The stalled Build's goroutines stay blocked, idle: a
// caller must not Close or reuse sites after errStalled.
func buildSites(sites *hugolib.HugoSites, events ...fsnotify.Event) error {
	return buildSitesCfg(sites, hugolib.BuildCfg{}, events...)
}

// buildSitesCfg is buildSites with a BuildCfg, such as the pages a
// session's rebuild renders (see Session.update). Hugo's Done is read
// only once Build has replaced it, which the first content file Build
// reads tells (see readGate); sites not opened by openSites are built
// without the guard.
func buildSitesCfg(sites *hugolib.HugoSites, cfg hugolib.BuildCfg, events ...fsnotify.Event) error {
	// Hugo empties its process-wide cache of sorted page lists when a
	// render starts, not when it ends: left full, it keeps every page of
	// the last build (460 MB at 10,000 incidents) alive in a process that
	// goes on, such as buoy serve, and under the build's memory limit the
	// next build's collector marks it again and again.
	defer page.Clear()
	cfg.NoBuildLock = true
	gate, _ := sites.Fs.Source.(*readGate)
	if gate == nil {
		return sites.Build(cfg, events...)
	}
	read := gate.arm()
	done := make(chan error, 1)
	go func() { done <- sites.Build(cfg, events...) }()
	select {
	case err := <-done:
		return err
	case <-read:
	}
	select {
	case err := <-done:
		return err
	case <-sites.Done():
	}
	select {
	case err := <-done:
		return err
	case <-time.After(stallGrace):
		return errStalled
	}
}

// fewPages keeps one content file of each top-level folder (the home
// page, a component, an incident, a month…): a build of those meets the
// same broken template in fewer than ten pages, so Hugo reports it.
func fewPages(files []view.File) []view.File {
	seen := map[string]bool{}
	var out []view.File
	for _, f := range files {
		top, _, _ := strings.Cut(f.Path, "/")
		if !strings.Contains(f.Path, "/") || path.Ext(f.Path) != ".md" {
			top = f.Path // site data and the home page: always
		}
		if !seen[top] {
			seen[top] = true
			out = append(out, f)
		}
	}
	return out
}
