// Package build is `buoy build`: it loads a status repository, derives the
// site's state, renders every output and swaps the result into place in one
// step, so a web server never serves half a site and a failed build leaves
// the previous one untouched.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/snapshot"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Options say what to build where.
type Options struct {
	// Dir is the status repository; empty means the current directory.
	Dir string
	// Out is the folder the site ends up in; empty means Dir/public.
	Out string
	// Now is the clock the site's state is computed at; nil means time.Now.
	Now func() time.Time
	// History is the probe history folder; empty means Dir/history. A
	// missing folder is a site whose probes have not reported yet.
	History string
	// Log receives warnings from rendering and from reading history (a
	// torn line, named by file and line); nil discards them.
	Log io.Writer
	// Cache keeps work from one build for the next (parsed incidents,
	// rendered Markdown); nil keeps none. The site is the same either way.
	Cache *buildcache.Dir
}

// BatchGCPercent and BatchMemoryLimit are the garbage collector's
// target (GOGC) and soft memory limit (GOMEMLIMIT) that suit a build run
// as one batch, for a command to set while it builds: the settings are
// the process's, so Build leaves them alone. Most of a build's heap lives
// until its end (the parsed repository, Hugo's pages and their front
// matter, the site in memory), so with the collector's default target of
// 100 it marks the same heap again and again, and with a higher target
// alone the heap grows to several times what is live: at 10,000
// incidents over 100 components about 600 MB live, 1.6 GB of memory at
// GOGC=150. A high target and a limit make the collector run seldom
// while the heap is small and as often as needed near the limit: the
// same build peaks at about 0.95 GB, for up to a fifth more CPU time
// (the collections near the limit each mark the whole live heap). A
// site whose live heap outgrows the limit still builds: the collector
// then runs more often, using at most half the CPU time (the limit is
// soft).
const (
	BatchGCPercent   = 300
	BatchMemoryLimit = 900 << 20
)

// Build renders the status repository in opts.Dir into opts.Out. Invalid
// input gives the diag.List from loading it. Whatever fails, the previous
// contents of Out stay as they were and no temporary folder is left.
func Build(ctx context.Context, opts Options) error {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Dir, "public")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	out, err := target(opts.Dir, opts.Out)
	if err != nil {
		return err
	}

	// Hugo is set up from status.yaml alone, while the incidents and
	// history load: for a small site the two take about as long.
	markdownCache, incidentCache := opts.Cache.Table("markdown"), opts.Cache.Table("incidents")
	md := newMarkdown(markdownCache)
	var started *render.Started
	defer func() {
		if started != nil {
			started.Close()
		}
	}()
	snap, book, err := load(opts.Dir, opts.History, opts.Log, opts.Now(), incidentCache, func(cfg *status.Config) {
		started = render.Start(cfg, render.Options{Dir: opts.Dir, Log: opts.Log, Markdown: md})
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	// File ages are wall-clock facts, unrelated to the site's clock opts.Now.
	// Dead builds' folders are deleted while this one renders.
	defer removeLeftovers(out, time.Now())()
	// The new site is written over the one the last build replaced, kept
	// next to out for this: only what changed is created, nothing freed.
	tmp, tree, lock, reused, err := startTree(out, time.Now())
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	defer lock.unlock()
	swapped := false
	defer func() {
		if !swapped {
			releaseSpare(tmp, out, reused, tree)
		}
	}()

	type generated struct {
		files []map[string][]byte
		err   error
	}
	genc := make(chan generated, 1)
	go func() {
		files, err := generate(ctx, snap, md, book)
		genc <- generated{files, err}
	}()
	if started == nil {
		started = render.Start(snap.Config, render.Options{Dir: opts.Dir, Log: opts.Log, Markdown: md})
	}
	err = started.Render(ctx, snap, tree)
	gen := <-genc
	if err != nil {
		return err
	}
	if gen.err != nil {
		return gen.err
	}
	// Every text is rendered by now; the cache is written while the site
	// is, and done before Build returns.
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		for name, t := range map[string]*buildcache.Table{"markdown": markdownCache, "incidents": incidentCache} {
			if err := opts.Cache.Save(name, t); err != nil {
				fmt.Fprintf(opts.Log, "WARN  build cache: %v\n", err)
				return
			}
		}
		if err := opts.Cache.Used(); err != nil {
			fmt.Fprintf(opts.Log, "WARN  build cache: %v\n", err)
		}
	}()
	defer func() { <-saved }()
	if err := writeOutputs(gen.files, tree); err != nil {
		return err
	}
	if err := tree.Prune(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	// The site being replaced is held too, until it is the spare: after
	// the swap it sits at a temporary name, which must not look dead. A
	// concurrent build that holds it already holds it for both.
	if outLock, err := lockFolder(out, false); err == nil {
		defer outLock.unlock()
	}
	old, err := swap(tmp, out)
	if err != nil {
		return fmt.Errorf("build: put %s in place: %w", out, err)
	}
	swapped = true
	if old != "" {
		if err := keepSpare(old, out); err != nil {
			return fmt.Errorf("build: the site is in place, but removing the previous one at %s failed: %w", old, err)
		}
	}
	return nil
}

// newMarkdown is the renderer of incident text for pages and feeds, which
// show the same text: one renderer that remembers renders it once for
// both. The text sits under the page's or the feed entry's own headings.
func newMarkdown(cache *buildcache.Table) *markdown.Renderer {
	if cache == nil {
		return markdown.New(markdown.HeadingBase(3), markdown.Memo())
	}
	return markdown.New(markdown.HeadingBase(3), markdown.Memo(), markdown.Stored(cache))
}

// load loads the repository in dir at now and its monitoring data, from
// histDir (dir/history when empty), reporting history warnings to log,
// taking parsed incidents from cache (when not nil), and calls early
// with the configuration once it is valid. It returns the repository's
// words too, for the outputs besides the pages.
func load(dir, histDir string, log io.Writer, now time.Time, cache *buildcache.Table, early func(*status.Config)) (*status.Snapshot, *words.Book, error) {
	opts := snapshot.Options{History: histDir, Warn: log, Config: early}
	if cache != nil {
		opts.Incidents = cache
	}
	r, snap, _, err := snapshot.LoadRepo(dir, now, opts)
	var problems diag.List
	if err != nil && !errors.As(err, &problems) {
		return nil, nil, fmt.Errorf("build: %w", err)
	}
	if err != nil {
		return nil, nil, err
	}
	return snap, r.Words, nil
}

// target resolves the output folder and refuses folders a build must not
// replace: the repository itself or one of its parents, a file, or a
// folder that holds something other than a site.
func target(dir, out string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	if abs, err = followLinks(abs); err != nil {
		return "", fmt.Errorf("build: output %s: %w", out, err)
	}
	if resolvedDir, err := filepath.EvalSymlinks(absDir); err == nil {
		absDir = resolvedDir
	}
	if rel, err := filepath.Rel(abs, absDir); err == nil && !startsWithDotDot(rel) {
		return "", fmt.Errorf("build: output %s would replace the status repository %s", out, dir)
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return abs, nil
	case err != nil:
		return "", fmt.Errorf("build: output %s: %w", out, err)
	case !st.IsDir():
		return "", fmt.Errorf("build: output %s is not a folder", out)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", fmt.Errorf("build: output %s: %w", out, err)
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(abs, "index.html")); err != nil {
			return "", fmt.Errorf("build: output %s is not empty and holds no site (no index.html); refusing to replace it", out)
		}
	}
	return abs, nil
}

func startsWithDotDot(rel string) bool {
	return rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator)
}

// followLinks resolves a symlinked output (public -> /var/www/status) to
// its target, even one that does not exist yet, so that the web server's
// folder gets the site and the link stays.
func followLinks(p string) (string, error) {
	for range 40 {
		st, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) {
			// The parent may be a link too.
			parent, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				return p, nil
			}
			return filepath.Join(parent, filepath.Base(p)), nil
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&os.ModeSymlink == 0 {
			return filepath.EvalSymlinks(p)
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}
