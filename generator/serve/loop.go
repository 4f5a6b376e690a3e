package serve

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/safetext"
)

// loop builds once, then again after each burst of file events, until ctx
// ends. It alone calls the Live; the other outputs of a build (feeds, API,
// badges) are made on the side, so that an edited page shows without
// waiting for them, and are dropped if a newer build overtakes them.
func (s *Server) loop(ctx context.Context, w *watcher) {
	var side sync.WaitGroup
	cancelSide := func() {}
	defer func() {
		cancelSide()
		side.Wait()
	}()

	var mu sync.Mutex // orders publishing between the loop and the side job
	build := func() {
		cancelSide()
		start := time.Now()
		// Until a build has succeeded there is nothing to show but
		// "Building…": the home page is shown as soon as it is rendered.
		var early func(render.Site, string)
		if s.state.Load().site == nil {
			early = func(pages render.Site, baseURL string) {
				mu.Lock()
				defer mu.Unlock()
				s.publishEarly(pages, baseURL)
				fmt.Fprintf(s.opts.Log, "home page ready in %s: %s\n", time.Since(start).Round(time.Millisecond), s.URL())
			}
		}
		res, err := s.live.BuildEarly(ctx, early)
		if ctx.Err() != nil {
			return
		}
		mu.Lock()
		if err != nil {
			s.fail(err)
			mu.Unlock()
			return
		}
		st := s.publishPages(res)
		mu.Unlock()
		fmt.Fprintf(s.opts.Log, "built %d files in %s: %s\n", len(res.Pages), time.Since(start).Round(time.Millisecond), s.URL())

		sideCtx, cancel := context.WithCancel(ctx)
		cancelSide = cancel
		side.Go(func() {
			site, err := res.Site(sideCtx)
			if sideCtx.Err() != nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if s.state.Load() != st {
				return // a newer build, or its failure, is showing
			}
			if err != nil {
				s.fail(err)
				return
			}
			s.publishSite(st, site)
		})
	}

	build()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	settling := false // the wait for vanished files is under way
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.events():
			if !ok {
				return
			}
			if w.relevant(ev) {
				timer.Reset(s.opts.Debounce)
			}
		case err, ok := <-w.errors():
			if !ok {
				return
			}
			fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
		case <-timer.C:
			if !settling && w.unsettled() {
				settling = true
				timer.Reset(settleTime)
				continue
			}
			settling = false
			if w.takeReset() {
				s.live.Reset()
			}
			build()
		}
	}
}

// publishEarly shows the first build's home pages and theme files while
// the rest renders. The caller holds the publishing lock.
func (s *Server) publishEarly(pages render.Site, baseURL string) {
	old := s.state.Load()
	s.state.Store(&state{
		gen:    old.gen + 1,
		site:   pages,
		pages:  pages,
		prefix: sitePath(baseURL),
		early:  true,
		ready:  make(chan struct{}),
	})
	s.subs.notify()
}

// publishPages shows a build's pages with the previous build's other
// outputs until its own are ready. The caller holds the publishing lock.
func (s *Server) publishPages(res *build.LiveResult) *state {
	old := s.state.Load()
	site := make(render.Site, len(res.Pages)+len(old.outputs))
	for p, b := range old.outputs {
		site[p] = b
	}
	for p, b := range res.Pages {
		site[p] = b
	}
	gen := old.gen + 1
	if old.early {
		close(old.ready)
		// The early pages are the build's own: browsers showing them
		// need no reload.
		if sameFiles(old.site, site) {
			gen = old.gen
		}
	}
	st := &state{
		gen:     gen,
		site:    site,
		pages:   res.Pages,
		outputs: old.outputs,
		prefix:  sitePath(res.BaseURL),
	}
	s.state.Store(st)
	s.subs.notify()
	return st
}

// publishSite completes the state st with the whole site. Pages are the
// same, so browsers are not reloaded.
func (s *Server) publishSite(st *state, site render.Site) {
	outputs := make(render.Site, len(site)-len(st.pages))
	for p, b := range site {
		if _, ok := st.pages[p]; !ok {
			outputs[p] = b
		}
	}
	next := *st
	next.site, next.outputs = site, outputs
	s.state.Store(&next)
}

// fail keeps the last good site, if there is one, and shows why the
// newest build failed. The caller holds the publishing lock.
func (s *Server) fail(err error) {
	old := s.state.Load()
	next := *old
	next.gen++
	next.problems = err.Error()
	if old.early {
		// Only a whole site is a good site: every address shows the
		// problems, as when no page was shown.
		close(old.ready)
		next.site, next.pages, next.early, next.ready = nil, nil, false, nil
	}
	s.state.Store(&next)
	s.subs.notify()
	if next.site == nil {
		fmt.Fprintf(s.opts.Log, "build failed; there is no good site yet, every page shows these problems until a build succeeds:\n%s\n", safetext.Lines(next.problems))
		return
	}
	fmt.Fprintf(s.opts.Log, "build failed; still serving the last good site:\n%s\n", safetext.Lines(next.problems))
}

// sameFiles reports whether every file of some has the same bytes in all.
func sameFiles(some, all render.Site) bool {
	for p, b := range some {
		if other, ok := all[p]; !ok || !bytes.Equal(b, other) {
			return false
		}
	}
	return true
}
