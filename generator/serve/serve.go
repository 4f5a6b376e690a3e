// Package serve is `buoy serve`: it builds a status repository into
// memory, serves it over HTTP, rebuilds when a file changes and reloads
// the browsers that show it. A failed build keeps the last good site
// online with the problems laid over it, until the files are fixed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/render"
)

// DefaultAddr is where serve listens unless told otherwise: loopback
// only, since the preview is for the person editing.
const DefaultAddr = "127.0.0.1:1313"

// DefaultDebounce is how long the watcher waits for a burst of file events
// (an editor's save, a git checkout) to end before rebuilding. An
// editor's save is a few events within a millisecond; one that saves by
// renaming leaves the file missing for an instant, which settleTime
// covers.
const DefaultDebounce = 10 * time.Millisecond

// settleTime is how much longer the watcher waits when a file the site is
// built from disappeared in the burst and is still missing: an editor
// that saves by renaming the old file away puts the new one in place a
// moment later, and building in between would remove the incident and
// start Hugo afresh twice. A file really deleted waits this once.
const settleTime = 100 * time.Millisecond

// Options say what to serve where.
type Options struct {
	// Dir is the status repository; empty means the current directory.
	Dir string
	// Addr is the address to listen on; empty means DefaultAddr.
	Addr string
	// Log receives a line per build and every problem; nil discards them.
	Log io.Writer
	// Now is the clock the site's state is computed at; nil means time.Now.
	Now func() time.Time
	// Debounce is the quiet time after a file event before a rebuild;
	// zero means DefaultDebounce.
	Debounce time.Duration
}

// Server is a running preview. Make one with New, then Run it.
type Server struct {
	opts Options
	ln   net.Listener
	live *build.Live
	// origin is "http://host:port" of the listener, for base URLs.
	origin string

	state atomic.Pointer[state]
	subs  subscribers
	// done closes when Run stops, ending the event streams that
	// http.Server.Shutdown would otherwise wait for forever.
	done chan struct{}
}

// state is what the server shows: the last good site and, when the newest
// build failed, why. A state is never modified once published.
type state struct {
	// gen counts builds, failed ones too: a browser whose page came from
	// another generation reloads.
	gen uint64
	// site is every file served; pages and outputs are its two parts,
	// the pages Hugo rendered and the files other generators made.
	site, pages, outputs render.Site
	prefix               string // the site's path: "/" or "/buoy/"
	// problems is the newest build's error, "" when it succeeded.
	problems string
	// early is set while site holds only the first build's home pages and
	// theme files (see build.Live.BuildEarly); ready closes when the
	// whole site, or the build's failure, replaces them. A request for
	// another file waits for that rather than finding nothing.
	early bool
	ready chan struct{}
}

// New listens on opts.Addr; nothing is built or served until Run.
func New(opts Options) (*Server, error) {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s := &Server{opts: opts, ln: ln, done: make(chan struct{})}
	s.origin = "http://" + browsable(ln.Addr())
	s.live = build.NewLive(build.LiveOptions{
		Dir: opts.Dir, Now: opts.Now, Log: opts.Log, BaseURL: s.localBaseURL,
	})
	s.state.Store(&state{prefix: "/"})
	return s, nil
}

// URL is the address of the site's home page (its path as in base_url
// once the first build has read status.yaml).
func (s *Server) URL() string {
	return s.origin + s.state.Load().prefix
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// browsable turns a listening address into one a browser can open: an
// unspecified host (":1313", "0.0.0.0:1313") becomes localhost.
func browsable(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// localBaseURL keeps base_url's path and replaces its origin with the
// server's: links between pages are relative and canonical links and
// feeds absolute, so the preview works, page not found included, exactly
// as the published site.
func (s *Server) localBaseURL(configured string) string {
	return s.origin + sitePath(configured)
}

// sitePath is the path of a base URL, with slashes at both ends.
func sitePath(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		return "/"
	}
	return p
}

// Run builds, serves and rebuilds until ctx is cancelled, then shuts the
// server down, waits for every goroutine it started and returns nil. An
// error means the server could not run at all.
func (s *Server) Run(ctx context.Context) error {
	defer s.live.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := newWatcher(s.opts.Dir)
	if err != nil {
		s.ln.Close()
		return err
	}

	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	var wg sync.WaitGroup
	serveErr := make(chan error, 1)
	wg.Go(func() {
		if err := srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
	})
	wg.Go(func() { s.loop(ctx, w) })

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-serveErr:
	}
	cancel()
	close(s.done)
	s.shutdown(srv)
	w.Close()
	wg.Wait()
	if runErr != nil {
		return fmt.Errorf("serve: %w", runErr)
	}
	return nil
}

// shutdownGrace is how long answers under way may take to finish once
// serve is told to stop.
const shutdownGrace = 500 * time.Millisecond

// shutdown stops srv: the event streams end with s.done, answers under
// way get shutdownGrace to finish, and then every connection is closed.
// A client that reads nothing (a stalled browser tab, a connection that
// never sends its request) would otherwise hold serve open: stopping is
// what was asked for, so that is not an error.
func (s *Server) shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
	}
}
