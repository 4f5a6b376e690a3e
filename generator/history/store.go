// Package history stores probe results: append-only JSON Lines, raw
// samples in one file per component per UTC hour (in a folder per UTC day)
// and daily rollups in one file per component per month, safe to append
// from several processes and to merge in git; raw days are folded into
// rollups after RawDays days. What a page shows is derived from it by
// package monitoring. The format is
// documented in docs/history.md.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/status"
)

// RawDays is how long raw samples are kept before compaction folds them
// into daily rollups.
const RawDays = 30

// Ext is the extension of history files.
const Ext = ".jsonl"

// GitAttributes is the .gitattributes that makes git merge history files
// by keeping the lines of both sides: appends from two CI runs or regions
// never conflict, and duplicates are dropped on read.
const GitAttributes = "# buoy history: appends from several runs merge by keeping every line.\n*" + Ext + " merge=union\n"

// Options configures a Store.
type Options struct {
	// Warn receives a line for each skipped torn or corrupt line, naming
	// file and line; nil discards them.
	Warn io.Writer
	// Base, when set, is the folder warnings show paths relative to (the
	// status repository), as the user would type them.
	Base string
	// NoSync skips fsync after appends and compaction's rewrites, for
	// tests and benchmarks only: without it a power cut may lose the newest
	// results, or a compaction's work.
	NoSync bool
}

// Store is a history directory.
type Store struct {
	dir  string
	opts Options
}

// Open returns the store in dir, which need not exist yet.
func Open(dir string, opts Options) *Store {
	if opts.Warn == nil {
		opts.Warn = io.Discard
	}
	return &Store{dir: dir, opts: opts}
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

var componentRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// file is where a component's raw samples of one UTC hour go:
// DIR/<component>/<YYYY-MM-DD>/<HH>.jsonl, a folder per UTC day. A round
// rewrites only the files of its hour, a few KB to tens of KB, never a
// month or a day of samples: in git, each round then costs kilobytes of
// new objects, and packing a week of rounds compares small versions of
// small files.
func (s *Store) file(component string, t time.Time) string {
	t = t.UTC()
	return filepath.Join(s.dir, component, t.Format(time.DateOnly), t.Format("15")+Ext)
}

// Append records results: for each component and hour, one write of all
// its lines to a file opened with O_APPEND, then fsync. Concurrent
// appenders, in this process or others, interleave whole writes and never
// each other's bytes.
func (s *Store) Append(results []status.Result) error {
	groups := map[string][]byte{}
	var order []string
	for _, r := range results {
		if !componentRE.MatchString(r.Component) || r.Probe == "" {
			return fmt.Errorf("history: result with component %q, probe %q", r.Component, r.Probe)
		}
		if !r.Outcome.Valid() {
			return fmt.Errorf("history: result %s/%s has outcome %q", r.Component, r.Probe, r.Outcome)
		}
		path := s.file(r.Component, r.Time)
		if _, ok := groups[path]; !ok {
			order = append(order, path)
		}
		groups[path] = appendSample(groups[path], r)
	}
	sort.Strings(order)
	var errs []error
	for _, path := range order {
		if err := s.appendFile(path, groups[path]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Store) appendFile(path string, lines []byte) error {
	rel, err := filepath.Rel(s.dir, path)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	// The component's folder: compaction locks it to rewrite any of its
	// files, and removes day folders, so the file's folder is made under
	// the lock.
	component := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	if err := s.mkdirAll(component); err != nil {
		return err
	}
	dir := filepath.Join(s.dir, component)
	unlock, err := lockDir(dir, false)
	if err != nil {
		return fmt.Errorf("history: lock %s: %w", dir, err)
	}
	defer unlock()
	if err := s.mkdirAll(filepath.Dir(rel)); err != nil {
		return err
	}
	f, err := s.openAppend(path)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	// A writer killed mid-line leaves a torn tail; start on a new line so
	// that our first line is not glued to it.
	if torn, err := endsTorn(f); err != nil {
		f.Close()
		return fmt.Errorf("history: %s: %w", path, err)
	} else if torn {
		n, err := countLines(f)
		if err != nil {
			f.Close()
			return fmt.Errorf("history: %s: %w", path, err)
		}
		fmt.Fprintf(s.opts.Warn, "%s:%d: the last line is torn (a write was cut short) and is skipped; new results start on the next line\n", s.shown(path), n)
		lines = append([]byte{'\n'}, lines...)
	}
	if _, err := f.Write(lines); err != nil {
		f.Close()
		return fmt.Errorf("history: append to %s: %w", path, err)
	}
	if !s.opts.NoSync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("history: sync %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("history: %s: %w", path, err)
	}
	return nil
}

// countLines returns the number of the last line of f.
func countLines(f *os.File) (int, error) {
	n := 1
	buf := make([]byte, 64<<10)
	for off := int64(0); ; {
		m, err := f.ReadAt(buf, off)
		n += bytes.Count(buf[:m], []byte{'\n'})
		off += int64(m)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// shown is path as warnings name it: relative to Options.Base when inside it.
func (s *Store) shown(path string) string {
	if s.opts.Base == "" {
		return path
	}
	if rel, err := filepath.Rel(s.opts.Base, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return path
}

// mkdirAll creates a folder in the store's folder, refusing links out of it.
func (s *Store) mkdirAll(rel string) error {
	root, err := confine.Open(s.dir, "the history folder")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	defer root.Close()
	if err := root.MkdirAll(filepath.ToSlash(rel), 0o755); err != nil {
		return s.errorf(err)
	}
	return nil
}

// openAppend opens path, in the store's folder, for appending: a history
// file the repository links outside the folder (to a shell's start-up
// file, say) or that is not a regular file is refused, not written to.
func (s *Store) openAppend(path string) (*os.File, error) {
	rel, err := filepath.Rel(s.dir, path)
	if err != nil {
		return nil, err
	}
	root, err := confine.Open(s.dir, "the history folder")
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.OpenAppend(filepath.ToSlash(rel), 0o644)
	if err != nil {
		return nil, s.errorf(err)
	}
	return f, nil
}

func endsTorn(f *os.File) (bool, error) {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return false, err
	}
	var last [1]byte
	if _, err := f.ReadAt(last[:], st.Size()-1); err != nil {
		return false, err
	}
	return last[0] != '\n', nil
}

// EnsureGitAttributes writes DIR/.gitattributes unless one exists, so that
// git merges history files by union.
func (s *Store) EnsureGitAttributes() error {
	path := filepath.Join(s.dir, ".gitattributes")
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	return s.writeAtomic(path, []byte(GitAttributes))
}

// writeAtomic replaces path with data via a temporary file and a rename,
// so that a reader or a crash sees the old file or the new, never half.
func (s *Store) writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if !s.opts.NoSync {
		if err := tmp.Sync(); err != nil {
			return err
		}
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	if !s.opts.NoSync {
		syncDir(dir)
	}
	return nil
}

// syncDir makes a rename or removal in dir durable; where a folder cannot
// be synced, the rename is as durable as the system makes it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// open opens the store's folder for reading through confine: a month file
// or component folder that links outside it, or is not a regular file or
// folder, is refused. It returns a nil FS when there is no history yet.
func (s *Store) open() (*confine.FS, func(), error) {
	root, err := confine.Open(s.dir, "the history folder")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, func() {}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	return root.FS(maxCompact), func() { root.Close() }, nil
}

// maxCompact bounds a file that compaction reads whole (loading reads
// line by line and takes any size): a month file of the older layout holds
// a month of raw samples, a few MB.
const maxCompact = 256 << 20

// errorf names the file of a confine error by its full path, as warnings
// do, for the build to make it relative to the repository.
func (s *Store) errorf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && !filepath.IsAbs(pe.Path) {
		return fmt.Errorf("history: %s: %w", filepath.Join(s.dir, filepath.FromSlash(pe.Path)), pe.Err)
	}
	return fmt.Errorf("history: %w", err)
}
