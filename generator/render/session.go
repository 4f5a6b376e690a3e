package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
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
	"github.com/buoystatus/buoy/generator/status"
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
	sites   *hugolib.HugoSites
	conf    []byte               // hugo.json the running Hugo was started with
	content map[string][]byte    // generated content files by path under content/
	site    Site                 // the last published site
	stamps  map[string]fileStamp // what site's files looked like when read
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
	return &Session{opts: opts}
}

// Reset makes the next Render start afresh. Call it when files Hugo reads
// from the repository itself changed: the theme, layouts/, static/,
// i18n/ or assets/.
func (s *Session) Reset() {
	if s.sites != nil {
		s.sites.Close()
	}
	*s = Session{opts: s.opts}
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
	proj, err := newProject(snap, s.opts)
	if err != nil {
		return err
	}
	s.proj = proj
	if s.conf, err = afero.ReadFile(proj.fs, path.Join(workDir, "hugo.json")); err != nil {
		return err
	}
	s.content = map[string][]byte{}
	contentDir := path.Join(workDir, "content")
	err = afero.Walk(proj.fs, contentDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := afero.ReadFile(proj.fs, p)
		s.content[p[len(contentDir)+1:]] = b
		return err
	})
	if err != nil {
		return err
	}

	hugoMu.Lock()
	defer hugoMu.Unlock()
	sites, hfs, err := proj.openSites(s.opts.Log)
	if err != nil {
		return err
	}
	s.sites = sites
	if err := copyStatic(sites, hfs); err != nil {
		return fmt.Errorf("static files: %w", err)
	}
	if err := sites.Build(hugolib.BuildCfg{NoBuildLock: true}); err != nil {
		return proj.cleanPaths(fmt.Errorf("hugo: %w", err))
	}
	return nil
}

// update writes the content files that changed since the last render and
// has Hugo rebuild what depends on them.
func (s *Session) update(snap *status.Snapshot) error {
	files, err := content(snap, s.opts.Markdown)
	if err != nil {
		return err
	}
	var events []fsnotify.Event
	next := make(map[string][]byte, len(files))
	for _, f := range files {
		next[f.Path] = f.Data
		old, ok := s.content[f.Path]
		if ok && bytes.Equal(old, f.Data) {
			continue
		}
		full := path.Join(workDir, "content", f.Path)
		if err := afero.WriteFile(s.proj.fs, full, f.Data, 0o644); err != nil {
			return err
		}
		events = append(events, fsnotify.Event{Name: full, Op: fsnotify.Write})
	}
	restart := len(next) != len(s.content)
	for p := range s.content {
		if _, ok := next[p]; !ok {
			restart = true
		}
	}
	if restart {
		// Hugo would leave a removed page's files published, and pages
		// listing a new one do not find it: start afresh, which adding or
		// removing an incident is rare enough to afford.
		s.Reset()
		return s.start(snap)
	}
	s.content = next
	if len(events) == 0 {
		return nil
	}
	events = append(events, s.listings(events)...)
	hugoMu.Lock()
	defer hugoMu.Unlock()
	// The theme keeps each incident's entry in site.Store for the whole
	// build, which in watch mode lasts from one build to the next.
	for _, site := range s.sites.Sites {
		store := site.Store()
		for k := range store.Values() {
			store.Delete(k)
		}
	}
	if err := s.sites.Build(hugolib.BuildCfg{NoBuildLock: true}, events...); err != nil {
		return s.proj.cleanPaths(fmt.Errorf("hugo: %w", err))
	}
	return nil
}

// listings returns events for the unchanged pages that list a changed
// incident (home, its components, its month). Hugo would find them from
// the dependencies it recorded, but the theme renders each entry once and
// reuses it from site.Store, so only the first page to list an incident
// depends on it as far as Hugo knows. Listing pages name incidents by id
// in their params.
func (s *Session) listings(changed []fsnotify.Event) []fsnotify.Event {
	incidentDir := path.Join(workDir, "content", "incidents") + "/"
	var ids [][]byte
	touched := map[string]bool{}
	for _, ev := range changed {
		touched[ev.Name] = true
		if rest, ok := strings.CutPrefix(ev.Name, incidentDir); ok && strings.HasSuffix(rest, ".md") {
			ids = append(ids, []byte(strconv.Quote(strings.TrimSuffix(rest, ".md"))))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var events []fsnotify.Event
	for p, data := range s.content {
		full := path.Join(workDir, "content", p)
		if touched[full] || strings.HasPrefix(full, incidentDir) {
			continue
		}
		for _, id := range ids {
			if bytes.Contains(data, id) {
				events = append(events, fsnotify.Event{Name: full, Op: fsnotify.Write})
				break
			}
		}
	}
	return events
}

// collect returns the published site, reading only the files written
// since the last render and sharing the bytes of the others.
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
		site[rel] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	s.site, s.stamps = site, stamps
	return site, nil
}

// openSites loads the project's configuration and makes Hugo's sites in
// watch mode, so that Build may run again with the files that changed.
// The caller holds hugoMu.
func (p *project) openSites(log io.Writer) (*hugolib.HugoSites, *hugofs.Fs, error) {
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
	flags.Set("internal", hmaps.Params{"watch": true})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          p.fs,
		Flags:       flags,
		Logger:      logger,
		Environment: "production",
		Environ:     []string{"HUGO_NOENV=1"},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("hugo config: %w", err)
	}
	hfs := hugofs.NewFrom(p.fs, configs.LoadingInfo.BaseConfig)
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
