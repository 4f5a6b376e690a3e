package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"time"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
)

// Site is a rendered site held in memory: file path relative to the site
// root ("incidents/x/index.html") to its bytes. A Site is never changed
// once returned, so a server can keep serving it while the next renders.
type Site map[string][]byte

// Session renders one repository again and again for `buoy serve`. It
// keeps Hugo running in watch mode between renders and hands it only the
// generated content files that changed, so editing one incident costs
// that incident's pages rather than the whole site (Render builds afresh
// each time, which is right for `buoy build`).
//
// A Session is not safe for concurrent use.
type Session struct {
	opts Options

	proj    *project
	rw      *relurl.Rewriter // makes the pages' links relative, as Render does
	sites   *hugolib.HugoSites
	conf    []byte               // hugo.json the running Hugo was started with
	content map[string][]byte    // generated content files by path under content/
	data    []byte               // the site data file
	joins   view.DateTimeJoins   // the running Hugo's dateTime strings
	t       view.Translate       // and its T
	pages   *view.Memo           // settled incidents' content files
	site    Site                 // the last published site
	stamps  map[string]fileStamp // what site's files looked like when read
	flat    map[string]bool      // pages not in a folder of their own (see ownFolder)
	// exactEntries is set when incidents are listed by the built-in
	// theme's entry layouts, whose content compareEntry knows.
	exactEntries bool
}

// fileStamp identifies a version of a published file in the in-memory fs,
// whose writes set the modification time.
type fileStamp struct {
	mod  time.Time
	size int64
}

// NewSession starts a session; nothing renders until Render.
func NewSession(opts Options) *Session {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Markdown == nil {
		// As Render's, remembering: most texts are the same each time.
		opts.Markdown = markdown.New(markdown.HeadingBase(3), markdown.Memo())
	}
	return &Session{opts: opts, pages: &view.Memo{}}
}

// Reset makes the next Render start afresh. Call it when files Hugo reads
// from the repository itself changed: the theme, layouts/, static/,
// i18n/ or assets/.
func (s *Session) Reset() {
	if s.sites != nil {
		s.sites.Close()
	}
	// The memo holds no Hugo state: it outlives a restart.
	*s = Session{opts: s.opts, pages: s.pages}
}

// Close releases Hugo's resources.
func (s *Session) Close() { s.Reset() }

// Render renders snap and returns the whole site. Only the content files
// that differ from the previous render reach Hugo; a changed site
// configuration or an added or removed page restarts Hugo instead. After an error
// the next Render starts afresh.
func (s *Session) Render(ctx context.Context, snap *status.Snapshot) (Site, error) {
	site, err := s.render(ctx, snap)
	if err != nil {
		s.Reset()
		return nil, err
	}
	return site, nil
}

func (s *Session) render(ctx context.Context, snap *status.Snapshot) (Site, error) {
	if s.sites != nil {
		conf, err := hugoConfig(snap.Config, s.proj.theme)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(conf, s.conf) {
			s.Reset()
		}
	}
	if s.sites == nil {
		if err := s.start(snap); err != nil {
			return nil, err
		}
	} else if err := s.update(snap); err != nil {
		return nil, err
	}
	// Texts of removed or edited updates leave the Markdown memo.
	s.opts.Markdown.Sweep()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.collect()
}

// start builds the project from scratch and keeps Hugo running.
func (s *Session) start(snap *status.Snapshot) error {
	proj, err := newProject(snap.Config, s.opts)
	if err != nil {
		return err
	}
	if err := proj.writeData(snap, false); err != nil {
		return err
	}
	s.proj = proj
	if s.rw, err = relurl.New(snap.Config.BaseURL); err != nil {
		return err
	}
	s.exactEntries = proj.builtInEntries()
	if s.conf, err = afero.ReadFile(proj.fs, path.Join(workDir, "hugo.json")); err != nil {
		return err
	}
	if s.data, err = afero.ReadFile(proj.fs, dataPath); err != nil {
		return err
	}

	hugoMu.Lock()
	defer hugoMu.Unlock()
	sites, hfs, err := proj.openSites(s.opts.Log, true)
	if err != nil {
		// As Render does: a template that does not parse is named at its
		// place in the repository, not in Hugo's work folder.
		return proj.hugoError(err)
	}
	s.sites = sites
	s.joins, s.t = dateTimeJoinsOf(sites), translateOf(sites)
	files, err := view.Content(snap, s.contentOptions())
	if err != nil {
		return err
	}
	laid, flat := ownFolders(files)
	s.flat = flat
	if err := proj.writeContent(laid); err != nil {
		return err
	}
	s.content = make(map[string][]byte, len(files))
	for _, f := range files {
		s.content[f.Path] = f.Data
	}
	if err := copyStatic(sites, hfs); err != nil {
		return fmt.Errorf("static files: %w", err)
	}
	if err := buildSites(sites); err != nil {
		if errors.Is(err, errStalled) {
			s.stalled()
		}
		return proj.hugoError(fmt.Errorf("hugo: %w", err))
	}
	return nil
}

// update writes the content files that changed since the last render and
// has Hugo rebuild what depends on them.
func (s *Session) update(snap *status.Snapshot) error {
	files, err := view.Content(snap, s.contentOptions())
	if err != nil {
		return err
	}
	next := make(map[string][]byte, len(files))
	var changed []string
	for _, f := range files {
		next[f.Path] = f.Data
		if old, ok := s.content[f.Path]; !ok || !bytes.Equal(old, f.Data) {
			changed = append(changed, f.Path)
		}
	}
	data, err := view.SiteData(snap, false)
	if err != nil {
		return err
	}
	// Hugo would leave a removed page's files published, and pages
	// listing a new one do not find it; a change of the overall status
	// renames every page's favicon, whose old file would stay too. Start
	// afresh then, which adding or removing an incident, or a change of
	// state, is rare enough to afford; and when two pages not in folders
	// of their own, in one folder, changed (see ownFolder).
	restart := len(next) != len(s.content) || !bytes.Equal(data, s.data) || sameFolder(changed, s.flat)
	for p := range s.content {
		if _, ok := next[p]; !ok {
			restart = true
		}
	}
	if restart {
		s.Reset()
		return s.start(snap)
	}
	entries := entryChanges(s.content, next, changed, s.exactEntries)
	s.content = next
	var events []fsnotify.Event
	for _, p := range changed {
		full := path.Join(workDir, "content", ownFolder(p, s.flat))
		if err := afero.WriteFile(s.proj.fs, full, next[p], 0o644); err != nil {
			return err
		}
		events = append(events, fsnotify.Event{Name: full, Op: fsnotify.Write})
	}
	render := append([]string(nil), changed...)
	for _, p := range listings(next, changed, entries) {
		events = append(events, fsnotify.Event{Name: path.Join(workDir, "content", ownFolder(p, s.flat)), Op: fsnotify.Write})
		render = append(render, p)
	}
	if len(events) == 0 {
		return nil
	}
	hugoMu.Lock()
	defer hugoMu.Unlock()
	for _, site := range s.sites.Sites {
		forget(site.Store(), entries, changed)
	}
	cfg := hugolib.BuildCfg{RecentlyTouched: s.touched(render)}
	if err := buildSitesCfg(s.sites, cfg, events...); err != nil {
		if errors.Is(err, errStalled) {
			s.stalled()
		}
		return s.proj.hugoError(fmt.Errorf("hugo: %w", err))
	}
	return nil
}

// contentOptions lay the pages out for incremental rebuilds: incidents in
// one section (see view.Options.ByYear), settled ones kept in the memo.
func (s *Session) contentOptions() view.Options {
	return view.Options{Markdown: s.opts.Markdown, Memo: s.pages, Joins: s.joins, T: s.t}
}

// collect returns the published site, reading only the files written
// since the last render and sharing the bytes of the others. Pages get
// relative links, as Render writes them.
func (s *Session) collect() (Site, error) {
	site := make(Site, len(s.site))
	stamps := make(map[string]fileStamp, len(s.stamps))
	err := afero.Walk(s.proj.fs, publishDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel := p[len(publishDir)+1:]
		st := fileStamp{info.ModTime(), info.Size()}
		stamps[rel] = st
		if b, ok := s.site[rel]; ok && s.stamps[rel] == st {
			site[rel] = b
			return nil
		}
		b, err := afero.ReadFile(s.proj.fs, p)
		if err == nil && relurl.Applies(rel) {
			b = s.rw.Page(make([]byte, 0, len(b)+len(b)/16), b, rel)
		}
		site[rel] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	s.site, s.stamps = site, stamps
	return site, nil
}

// openSites loads the project's configuration and makes Hugo's sites;
// in watch mode Build may run again with the files that changed. The
// caller holds hugoMu.
func (p *project) openSites(log io.Writer, watch bool) (*hugolib.HugoSites, *hugofs.Fs, error) {
	w := progressFilter{log}
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		DistinctLevel: logg.LevelWarn,
		StdOut:        w,
		StdErr:        w,
	})
	flags := config.New()
	flags.Set("workingDir", workDir)
	flags.Set("cacheDir", path.Join(workDir, "cache"))
	flags.Set("noBuildLock", true)
	if watch {
		// In fast render mode a rebuild renders, of the pages Hugo finds
		// depending on what changed, only those it is told were touched
		// (Session.touched): Hugo counts every list of the site's pages
		// as depending on each page, buoy knows which lists show what.
		flags.Set("internal", hmaps.Params{"watch": true, "fastRenderMode": true})
	}
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          p.fs,
		Flags:       flags,
		Logger:      logger,
		Environment: "production",
		// An empty Environ means os.Environ(): stray HUGO_* variables
		// would change the site.
		Environ: []string{"HUGO_NOENV=1"},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("hugo config: %w", err)
	}
	// Hugo reads through a readGate, which buildSites needs.
	hfs := hugofs.NewFrom(&readGate{Fs: p.fs}, configs.LoadingInfo.BaseConfig)
	if p.pub != nil {
		pub := p.pub.wrap(hfs.PublishDir)
		hfs.PublishDir, hfs.PublishDirStatic, hfs.PublishDirServer = pub, pub, pub
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  configs,
		Fs:       hfs,
		LogLevel: logger.Level(),
		StdOut:   w,
		StdErr:   w,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("hugo: %w", err)
	}
	return sites, hfs, nil
}

// stalled forgets a Hugo whose Build never returns (see buildSites): it
// must be neither closed nor built again; the next Render starts afresh.
func (s *Session) stalled() { s.sites = nil }
