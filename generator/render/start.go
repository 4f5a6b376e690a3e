package render

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"

	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
)

// Started is Hugo being set up for a site in the background: the theme
// laid out, its templates parsed, its languages and translations loaded.
// That is most of what a small site's build costs besides rendering, and
// needs only the configuration, so a build starts it as soon as
// status.yaml is read and loads the incidents and history meanwhile.
//
// Once set up, until Render or Close, a Started holds the lock that
// serialises Hugo in the process: Close it on every path.
type Started struct {
	cfg  *status.Config
	conf []byte // hugo.json for cfg
	opts Options
	log  *heldLog

	done  chan struct{}
	proj  *project
	sites *hugolib.HugoSites
	hfs   *hugofs.Fs
	err   error

	closeOnce sync.Once
}

// Start sets Hugo up for cfg's site in the background; Render renders
// the site with it.
func Start(cfg *status.Config, opts Options) *Started {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Markdown == nil {
		// Incident text sits under the page's own <h2> sections.
		opts.Markdown = markdown.New(markdown.HeadingBase(3))
	}
	s := &Started{cfg: cfg, opts: opts, log: &heldLog{w: opts.Log}, done: make(chan struct{})}
	s.conf, s.err = hugoConfig(cfg, cfg.ThemeOrDefault())
	go func() {
		hugoMu.Lock()
		defer close(s.done)
		if s.err != nil {
			return
		}
		// Warnings wait in s.log: a build whose repository turns out
		// invalid reports that, not what the theme said meanwhile.
		o := s.opts
		o.Log = s.log
		if s.proj, s.err = newProject(cfg, o); s.err != nil {
			return
		}
		s.proj.pub = newPublishFS()
		if s.sites, s.hfs, s.err = s.proj.openSites(s.log, false); s.err != nil {
			s.err = s.proj.hugoError(s.err)
		}
	}()
	return s
}

// Render renders snap's site into out, as the package's Render does. A
// snapshot of another configuration than Start's is rendered afresh.
func (s *Started) Render(ctx context.Context, snap *status.Snapshot, out *sitefile.Tree) error {
	<-s.done
	s.log.release()
	if conf, err := hugoConfig(snap.Config, snap.Config.ThemeOrDefault()); err != nil || !bytes.Equal(conf, s.conf) {
		s.Close()
		s = Start(snap.Config, s.opts)
		defer s.Close()
		<-s.done
		s.log.release()
	}
	if s.err != nil {
		return s.err
	}
	rw, err := relurl.New(snap.Config.BaseURL)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	articles := s.proj.articleLangs(snap.Config)
	if err := s.proj.writeData(snap, articles != nil); err != nil {
		return err
	}
	pub := s.proj.pub
	pub.start(ctx, out, rw)
	_, files, err := s.proj.build(s.sites, s.hfs, func(joins view.DateTimeJoins, t view.Translate) ([]view.File, error) {
		files, err := view.Content(snap, view.Options{Markdown: s.opts.Markdown, ByYear: true, Joins: joins, T: t, Articles: articles, BareIncidents: articles != nil && s.proj.bareIncidents()})
		if err == nil {
			err = ctx.Err()
		}
		pub.setArticles(files)
		return files, err
	})
	if errors.Is(err, errStalled) {
		// Its Build still holds the stalled Hugo: never close it. Hugo
		// kept the pages' errors to itself; a few pages name the template,
		// published in memory only.
		pub.stop()
		s.sites = nil
		s.proj.pub = nil
		err = s.proj.diagnose(s.log, files, err)
		s.Close()
		return err
	}
	// Hugo is done with the project: let the next render start while
	// the last files are written.
	s.Close()
	if err != nil {
		pub.stop()
		return s.proj.hugoError(err)
	}
	return pub.finish()
}

// Close releases Hugo's resources and its lock. It may be called more
// than once, and after Render.
func (s *Started) Close() {
	s.closeOnce.Do(func() {
		<-s.done
		if s.sites != nil {
			s.sites.Close()
		}
		hugoMu.Unlock()
	})
}

// heldLog holds what is written to it until release, then passes
// writes through to w. Hugo's workers write to it concurrently.
type heldLog struct {
	mu       sync.Mutex
	w        io.Writer
	held     bytes.Buffer
	released bool
}

func (l *heldLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.released {
		return l.held.Write(b)
	}
	return l.w.Write(b)
}

// release writes what was held and lets later writes through.
func (l *heldLog) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.released {
		l.released = true
		l.w.Write(l.held.Bytes())
		l.held.Reset()
	}
}
