package serve

import (
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
		res, err := s.live.Build(ctx)
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
			if w.takeReset() {
				s.live.Reset()
			}
			build()
		}
	}
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
	st := &state{
		gen:     old.gen + 1,
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
	s.state.Store(&next)
	s.subs.notify()
	if next.site == nil {
		fmt.Fprintf(s.opts.Log, "build failed; there is no good site yet, every page shows these problems until a build succeeds:\n%s\n", safetext.Lines(next.problems))
		return
	}
	fmt.Fprintf(s.opts.Log, "build failed; still serving the last good site:\n%s\n", safetext.Lines(next.problems))
}
