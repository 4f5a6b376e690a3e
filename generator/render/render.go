// Package render turns a Snapshot into the HTML site with Hugo: it lays
// the files package view makes of it (content, site data) into a Hugo
// project with the theme and the repository's overrides, and renders
// them. It is the only package that imports Hugo, whose Go API carries no
// compatibility promise: everything Hugo-specific stays behind Render.
package render

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
	"github.com/spf13/fsync"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
)

// Options tune a render.
type Options struct {
	// Dir is the status repository. Its themes/<theme>/ replaces the
	// built-in theme, and its layouts/, static/, i18n/ and assets/ override
	// single files of the theme. Empty means no repository files.
	Dir string
	// Log receives Hugo's warnings and errors; nil discards them.
	Log io.Writer
	// Markdown renders incident text; nil means markdown.New(markdown.HeadingBase(3)).
	Markdown *markdown.Renderer
}

// hugoMu serialises renders: Hugo keeps a process-wide logger that
// LoadConfig replaces and whose errors count toward any running build.
var hugoMu sync.Mutex

// Render writes the pages of snap's site into out, their links made
// relative to each page (see package relurl), as Hugo renders them: on
// a template error or Hugo's logged errors it returns an error, having
// written some of them, and out is not to be used.
func Render(ctx context.Context, snap *status.Snapshot, out *sitefile.Tree, opts Options) error {
	s := Start(snap.Config, opts)
	defer s.Close()
	return s.Render(ctx, snap, out)
}

// project is the Hugo project a snapshot becomes, in memory.
type project struct {
	fs       afero.Fs
	theme    string
	themeSrc string // the theme's folder on disk; "" when built in
	dir      string
	// pub, when set, is where the Hugo that openSites makes publishes:
	// a build's site written to disk while it renders.
	pub *publishFS
}

const publishDir = workDir + "/public"

// dataPath is where the site data file (view.SiteData) goes: the theme
// reads it as hugo.Data.buoy.
var dataPath = path.Join(workDir, "data", "buoy.json")

// newProject lays cfg's site out as a Hugo project in memory, all but its
// content and site data (writeData), which Hugo reads when it builds: the
// times on pages are joined with the theme's dateTime string, which Hugo
// translates once it has loaded the project.
// newProject is makeProject with a file that confine refused (a link out
// of the repository, a named pipe, a file too large) reported as a
// problem at its path, like a refused incident.
func newProject(cfg *status.Config, opts Options) (*project, error) {
	p, err := makeProject(cfg, opts)
	var pe *fs.PathError
	if r := confine.Reason(err); r != nil && errors.As(err, &pe) {
		return nil, diag.List{{Path: pe.Path, Msg: r.Detail}}.Err()
	}
	return p, err
}

func makeProject(cfg *status.Config, opts Options) (*project, error) {
	p := &project{fs: afero.NewMemMapFs(), theme: cfg.ThemeOrDefault(), dir: opts.Dir}
	// Every file of the repository Hugo sees is copied through confine:
	// none from outside it, none but regular files, none over MaxAsset.
	var repo *confine.FS
	if opts.Dir != "" {
		root, err := confine.Open(opts.Dir, "the status repository")
		if err != nil {
			return nil, err
		}
		defer root.Close()
		repo = root.FS(confine.MaxAsset)
	}
	themeFiles, from, src, err := themeFS(repo, opts.Dir, p.theme)
	if err != nil {
		return nil, err
	}
	p.themeSrc = src
	themeDir := path.Join(workDir, "themes", p.theme)
	if err := copyTree(p.fs, themeDir, themeFiles, from); err != nil {
		return nil, fmt.Errorf("theme %q: %w", p.theme, err)
	}
	if err := layerOverrides(p.fs, repo); err != nil {
		return nil, err
	}
	for _, lang := range view.Languages(cfg) {
		switch used, err := ensureTranslation(p.fs, p.theme, lang); {
		case err != nil:
			fmt.Fprintf(opts.Log, "WARN  theme %q: %v\n", p.theme, err)
		case used != "":
			fmt.Fprintf(opts.Log, "WARN  theme %q has no UI strings for language %q; using %q\n", p.theme, lang, used)
		}
	}
	if err := pruneTranslations(p.fs, p.theme, view.Languages(cfg)); err != nil {
		return nil, err
	}

	conf, err := hugoConfig(cfg, p.theme)
	if err != nil {
		return nil, err
	}
	if err := afero.WriteFile(p.fs, path.Join(workDir, "hugo.json"), conf, 0o644); err != nil {
		return nil, err
	}
	// Hugo reads content and data when it builds, but mounts only
	// folders that exist when it starts.
	for _, d := range []string{path.Join(workDir, "content"), path.Dir(dataPath)} {
		if err := p.fs.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// writeData adds snap's site data to the project.
func (p *project) writeData(snap *status.Snapshot, entries bool) error {
	data, err := view.SiteData(snap, entries)
	if err != nil {
		return err
	}
	return afero.WriteFile(p.fs, dataPath, data, 0o644)
}

// writeContent adds the content files to the project.
func (p *project) writeContent(files []view.File) error {
	for _, f := range files {
		full := path.Join(workDir, "content", f.Path)
		if err := afero.WriteFile(p.fs, full, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// dateTimeJoinsOf translates each language's "dateTime" string, with
// markers where its parts go.
func dateTimeJoinsOf(sites *hugolib.HugoSites) view.DateTimeJoins {
	joins := view.DateTimeJoins{}
	args := map[string]any{"Date": view.MarkDate, "Time": view.MarkTime, "Zone": view.MarkZone}
	for _, s := range sites.Sites {
		key := s.Language().Lang
		if _, ok := joins[key]; ok || s.Deps.Translate == nil {
			continue
		}
		joins[key] = s.Deps.Translate(context.Background(), "dateTime", args)
	}
	return joins
}

// translateOf is the running Hugo's T, for the words view writes in
// every language (uptime bars): the templates' own translations, a
// repository's i18n files over its theme's. A language Hugo does not
// have gives the key back.
func translateOf(sites *hugolib.HugoSites) view.Translate {
	byLang := map[string]func(context.Context, string, any) string{}
	for _, s := range sites.Sites {
		if key := s.Language().Lang; byLang[key] == nil && s.Deps.Translate != nil {
			byLang[key] = s.Deps.Translate
		}
	}
	return func(lang, key string, args any) string {
		if t := byLang[lang]; t != nil {
			return t(context.Background(), key, args)
		}
		return key
	}
}

// hugoConfig is the site configuration Hugo reads, derived from status.yaml.
func hugoConfig(cfg *status.Config, theme string) ([]byte, error) {
	return json.Marshal(map[string]any{
		"baseURL":                        cfg.BaseURL,
		"title":                          cfg.Title,
		"theme":                          theme,
		"defaultContentLanguage":         view.LangKey(view.Languages(cfg)[0]),
		"defaultContentLanguageInSubdir": false,
		// No /en/ page redirecting to the root: nothing links there.
		"disableDefaultLanguageRedirect": true,
		"languages":                      hugoLanguages(cfg),
		// buoy writes each page once; every language builds it, with the
		// UI strings and pre-formatted times of its own.
		"cascade": []any{map[string]any{
			"sites": map[string]any{"matrix": map[string]any{"languages": []string{"**"}}},
		}},
		"timeZone": cfg.Loc().String(),
		// Scheduled maintenance has pages before its window opens, and
		// the snapshot, not Hugo's clock, decides what is upcoming.
		"buildFuture":  true,
		"buildExpired": true,
		"disableKinds": []string{"taxonomy", "term", "rss"},
		// Ids are file names and must keep their case in URLs, which feeds
		// and the API build from the same ids.
		"disablePathToLower":         true,
		"disableHugoGeneratorInject": true,
		// The history's first page is history/, not also a redirect
		// from history/page/1/.
		"pagination": map[string]any{"disableAliases": true},
		// Incident pages sit in a section per year (see view.Options.ByYear), their
		// URLs directly under /incidents/.
		"permalinks":    map[string]any{"page": map[string]any{"incidents": "/incidents/:contentbasename/"}},
		"enableGitInfo": false,
		"params": map[string]any{
			"description": cfg.Description,
			"timezone":    cfg.Loc().String(),
		},
	})
}

// build runs Hugo's sites, opened over the project, with the content
// files that makeContent returns, and returns the file system it
// published to. The caller holds hugoMu. After errStalled, sites must be
// neither closed nor used again (see buildSites), and the caller may
// diagnose with the files returned: the few that diagnose builds.
func (p *project) build(sites *hugolib.HugoSites, hfs *hugofs.Fs, makeContent func(view.DateTimeJoins, view.Translate) ([]view.File, error)) (afero.Fs, []view.File, error) {
	files, err := makeContent(dateTimeJoinsOf(sites), translateOf(sites))
	if err != nil {
		return nil, nil, err
	}
	if err := p.writeContent(files); err != nil {
		return nil, nil, err
	}
	// The project holds a copy now: the rest are garbage while Hugo
	// renders (50 MB of live heap at 10,000 incidents).
	files = fewPages(files)
	if err := copyStatic(sites, hfs); err != nil {
		return nil, nil, fmt.Errorf("static files: %w", err)
	}
	if err := buildSites(sites); err != nil {
		return nil, files, fmt.Errorf("hugo: %w", err)
	}
	return p.fs, files, nil
}

// diagnose builds a few of files (one page per top-level folder) with
// Hugo set up afresh, after a build of them all stalled (see
// buildSites): Hugo reports the broken template for fewer than ten
// pages. It returns the problems found, or stalled, mapped as hugoError
// maps them. The caller holds hugoMu.
func (p *project) diagnose(log io.Writer, files []view.File, stalled error) error {
	if err := p.fs.RemoveAll(path.Join(workDir, "content")); err != nil {
		return err
	}
	sites, hfs, err := p.openSites(log, false)
	if err != nil {
		return p.hugoError(err)
	}
	_, _, err = p.build(sites, hfs, func(view.DateTimeJoins, view.Translate) ([]view.File, error) { return fewPages(files), nil })
	if !errors.Is(err, errStalled) {
		sites.Close()
	}
	if err == nil || errors.Is(err, errStalled) {
		return p.hugoError(stalled)
	}
	return ownProblems(p.hugoError(err))
}

// ownProblems drops, from the problems of a diagnosing build, those of
// the built-in theme when the repository's files have some: a page the
// few pages lack can trip the theme, which the whole site would not.
func ownProblems(err error) error {
	var problems diag.List
	if !errors.As(err, &problems) {
		return err
	}
	var own diag.List
	for _, pr := range problems {
		if !strings.HasSuffix(pr.Msg, builtInNote) {
			own = append(own, pr)
		}
	}
	if len(own) == 0 || len(own) == len(problems) {
		return err
	}
	return own.Err()
}

// copyStatic copies the static files (the theme's, overlaid with the
// repository's) into the site, as the hugo command does beside Build: the
// library's Build renders pages only. Pages written later win a clash.
func copyStatic(sites *hugolib.HugoSites, hfs *hugofs.Fs) error {
	for _, src := range sites.BaseFs.SourceFilesystems.Static {
		syncer := fsync.NewSyncer()
		syncer.NoTimes = true
		syncer.NoChmod = true
		syncer.SrcFs = src.Fs
		syncer.DestFs = hfs.PublishDirStatic
		err := syncer.Sync(path.Join("/", src.PublishFolder), "/")
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// cleanPaths rewrites the in-memory paths in Hugo's messages into the
// status repository's, so an error in an override names the user's file.
func (p *project) cleanPaths(err error) error {
	msg := err.Error()
	themeDir := path.Join(workDir, "themes", p.theme)
	themeSrc := p.themeSrc
	if themeSrc == "" {
		themeSrc = "themes/" + p.theme + " (built in)"
	}
	msg = generatedRE.ReplaceAllString(msg, "$1 (generated)")
	msg = strings.ReplaceAll(msg, themeDir, themeSrc)
	dir := p.dir
	if dir == "" {
		dir = "."
	}
	msg = strings.ReplaceAll(msg, workDir, dir)
	if msg == err.Error() {
		return err
	}
	return &pathError{msg: msg, err: err}
}

// generatedRE matches the content files buoy writes for Hugo, which exist
// nowhere on disk.
var generatedRE = regexp.MustCompile(regexp.QuoteMeta(workDir+"/content/") + `([^"\s]*)`)

type pathError struct {
	msg string
	err error
}

func (e *pathError) Error() string { return e.msg }
func (e *pathError) Unwrap() error { return e.err }

// progressFilter drops the terminal progress sequences Hugo writes to its
// output when the process's stdout is a terminal.
type progressFilter struct{ w io.Writer }

func (f progressFilter) Write(b []byte) (int, error) {
	if len(b) > 0 && b[0] == 0x1b && strings.HasPrefix(string(b), "\x1b]9;4;") {
		return len(b), nil
	}
	return f.w.Write(b)
}
