package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"

	"github.com/buoystatus/buoy/generator/config"
)

// watched are the folders of a status repository a site is built from,
// watched with everything below them. status.yaml is watched through the
// repository's own folder, which also sees these folders appear.
var watched = []string{"incidents", "history", "themes", "layouts", "static", "i18n", "assets"}

// hugoDirs are the folders Hugo itself reads: a change there starts Hugo
// afresh, where a change to incidents only re-renders what it touches.
var hugoDirs = map[string]bool{"themes": true, "layouts": true, "static": true, "i18n": true, "assets": true}

// watcher tells the serve loop which file events call for a rebuild.
// fsnotify watches single folders, so every folder below the watched
// ones is added, and new folders as they appear.
type watcher struct {
	fsw   *fsnotify.Watcher
	root  string
	reset bool // a file Hugo reads changed since takeReset
	// gone are the files a build reads that were removed or renamed away
	// since takeReset and not created again.
	gone map[string]bool
}

func newWatcher(dir string) (*watcher, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	w := &watcher{fsw: fsw, root: root}
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	for _, d := range watched {
		if err := w.addTree(filepath.Join(root, d)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every folder below it; a missing dir is fine.
func (w *watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && hidden(d.Name()) {
			return filepath.SkipDir
		}
		return w.fsw.Add(p)
	})
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return nil
}

func (w *watcher) events() <-chan fsnotify.Event { return w.fsw.Events }
func (w *watcher) errors() <-chan error          { return w.fsw.Errors }

// relevant reports whether ev changes the site, watching folders that
// appeared and noting changes that need Hugo restarted.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	top := parts[0]
	if len(parts) == 1 && top == config.File {
		w.note(ev)
		return true
	}
	inWatched := false
	for _, d := range watched {
		inWatched = inWatched || top == d
	}
	if !inWatched {
		return false
	}
	// Editors' swap and backup files, and hidden folders, build nothing.
	for _, p := range parts[1:] {
		if hidden(p) {
			return false
		}
	}
	if name := parts[len(parts)-1]; strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			// Files written into it before the watch began are found by
			// the rebuild this event starts, which reads the folder.
			_ = w.addTree(ev.Name)
		}
	}
	if hugoDirs[top] {
		w.reset = true
	}
	w.note(ev)
	return true
}

// note keeps track of the files a build reads that ev removed, or
// renamed away, and created again.
func (w *watcher) note(ev fsnotify.Event) {
	switch ext := filepath.Ext(ev.Name); {
	case ev.Has(fsnotify.Create):
		delete(w.gone, ev.Name)
	case (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && (ext == ".md" || ext == ".yaml" || ext == ".yml"):
		if w.gone == nil {
			w.gone = map[string]bool{}
		}
		w.gone[ev.Name] = true
	}
}

// unsettled reports whether a file a build reads disappeared in the
// events since the last build and is missing still (see settleTime).
func (w *watcher) unsettled() bool {
	for p := range w.gone {
		if _, err := os.Lstat(p); err == nil {
			delete(w.gone, p)
		}
	}
	return len(w.gone) > 0
}

// takeReset reports whether Hugo must start afresh, and clears the notes
// of a build to come.
func (w *watcher) takeReset() bool {
	r := w.reset
	w.reset = false
	clear(w.gone)
	return r
}

func (w *watcher) Close() error { return w.fsw.Close() }

func hidden(name string) bool { return strings.HasPrefix(name, ".") }
