package incident

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
)

// ReadDir reads every incident file under incidents/ in fsys (the status
// repository), in sub-folders too. A missing folder means no incident.
// It reports every problem of every file, not only the first.
// now is the present, as Parse takes it.
func ReadDir(fsys fs.FS, cfg *status.Config, now time.Time) ([]status.Incident, diag.List) {
	return ReadDirMemo(fsys, cfg, now, nil)
}

// Memo remembers the files one ReadDirMemo parsed, for the next one over
// the same repository and configuration: `buoy serve` reads every file
// after each save, and parsing is most of the time. A file whose status
// (size, times, inode) is the same as when it was read, and which had been
// left alone for a while then (racyWindow), is not even read again. A Memo
// is not safe for concurrent use.
type Memo struct {
	files map[string]parsed
	// window is how long a file must have been left unchanged when read
	// for its status to be trusted (racyWindow when zero; tests shorten it).
	window time.Duration
}

type parsed struct {
	data     []byte
	in       *status.Incident
	problems diag.List
	stamp    fileStamp // of the file as read, when it can be trusted
}

// ReadDirMemo is ReadDir, taking the result for a file whose bytes are the
// same as last time from memo, which may be nil. The incidents share what
// they hold with those of the previous read: neither may be changed.
func ReadDirMemo(fsys fs.FS, cfg *status.Config, now time.Time, memo *Memo) ([]status.Incident, diag.List) {
	return readDir(fsys, cfg, now, memo, nil)
}

func readDir(fsys fs.FS, cfg *status.Config, now time.Time, memo *Memo, cache *cached) ([]status.Incident, diag.List) {
	paths, problems := list(fsys)

	// Parsing is most of a large site's load time; files are independent.
	results := make([]parsed, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(paths); i = int(next.Add(1) - 1) {
				old, known := memo.get(paths[i])
				// A file with problems is read again: time may have made
				// its future times past. A valid one stays valid as the
				// clock moves on.
				known = known && old.problems == nil
				// Status first, then content: a change in between shows
				// in the next status.
				readAt := time.Now()
				// Only a memo uses the status: a build reads each file
				// once, and a stat is one more walk of the confined path.
				var st fs.FileInfo
				var statErr error
				if memo != nil {
					st, statErr = fs.Stat(fsys, paths[i])
				}
				if known && statErr == nil && old.stamp.same(st) {
					results[i] = old
					continue
				}
				data, err := fs.ReadFile(fsys, paths[i])
				if err != nil {
					var ps diag.List
					ps.Add(paths[i], 0, 0, "cannot read: %v", err)
					results[i] = parsed{problems: ps}
					continue
				}
				var s fileStamp
				if memo != nil && statErr == nil {
					s = stampOf(st, readAt, memo.racyWindow())
				}
				if known && bytes.Equal(old.data, data) {
					old.stamp = s
					results[i] = old
					continue
				}
				if in, ok := cache.get(paths[i], data); ok {
					results[i] = parsed{data: data, in: in, stamp: s}
					continue
				}
				in, ps := Parse(paths[i], data, cfg, now)
				if ps == nil {
					cache.put(paths[i], data, in)
				}
				results[i] = parsed{data, in, ps, s}
			}
		}()
	}
	wg.Wait()
	if memo != nil {
		memo.files = make(map[string]parsed, len(paths))
		for i, p := range paths {
			if results[i].data != nil {
				memo.files[p] = results[i]
			}
		}
	}

	var out []status.Incident
	byID := map[string]string{}
	// `buoy issue` finds an incident by its issue: two files claiming one
	// issue would leave it guessing which to update.
	byIssue := map[int]string{}
	for i, r := range results {
		problems = append(problems, r.problems...)
		if r.in == nil {
			continue
		}
		if other, dup := byID[r.in.ID]; dup {
			// At 1:1 like a bad file name: see Parse.
			problems.Add(paths[i], 1, 1, "duplicate incident id %q: %s has the same name", r.in.ID, other)
			continue
		}
		byID[r.in.ID] = paths[i]
		if r.in.Issue != 0 {
			if other, dup := byIssue[r.in.Issue]; dup {
				problems.Add(paths[i], 1, 1, "issue %d is already the issue of %s; one incident per issue", r.in.Issue, other)
			}
			byIssue[r.in.Issue] = paths[i]
		}
		out = append(out, *r.in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	problems.Sort()
	return out, problems
}

func (m *Memo) racyWindow() time.Duration {
	if m.window == 0 {
		return racyWindow
	}
	return m.window
}

func (m *Memo) get(p string) (parsed, bool) {
	if m == nil {
		return parsed{}, false
	}
	r, ok := m.files[p]
	return r, ok
}

// list returns the paths of the incident files under incidents/, in walk
// order, so that which of two duplicates is reported does not vary.
func list(fsys fs.FS) ([]string, diag.List) {
	var problems diag.List
	var paths []string
	err := fs.WalkDir(fsys, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == Dir {
				return fs.SkipDir
			}
			problems.Add(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		name := e.Name()
		if strings.HasPrefix(name, ".") && p != Dir {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() || skip(name) {
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		problems.Add(Dir, 0, 0, "cannot read: %v", err)
	}
	return paths, problems
}

// skip leaves out files that are not incidents but commonly sit beside
// them; any other stray file is reported so that a misnamed incident is
// never silently ignored.
func skip(name string) bool {
	switch strings.ToLower(name) {
	case "readme.md", "readme", "license", ".gitkeep":
		return true
	}
	return path.Ext(name) == ".txt"
}
