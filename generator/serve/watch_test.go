package serve

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// nextRelevant passes w's events to relevant until one about name with
// op arrives.
func nextRelevant(t *testing.T, w *watcher, name string, op fsnotify.Op) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-w.events():
			w.relevant(ev)
			if ev.Name == name && ev.Has(op) {
				return
			}
		case err := <-w.errors():
			t.Fatal(err)
		case <-deadline:
			t.Fatalf("no %s event for %s", op, name)
		}
	}
}

// An editor that saves by renaming the old file away and writing a new
// one leaves the incident missing for an instant: the watcher waits for
// it (see settleTime) rather than have a build remove it. A temporary
// file renamed into place is not waited for, nor the file once back.
func TestWatcherWaitsForRenamedFiles(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "incidents")
	if err := os.MkdirAll(inc, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(inc, "2024-05-01-outage.md")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	// Vim's way: the file renamed to a backup, a new one written.
	if err := os.Rename(file, file+"~"); err != nil {
		t.Fatal(err)
	}
	nextRelevant(t, w, file, fsnotify.Rename)
	if !w.unsettled() {
		t.Error("the renamed-away incident is not waited for")
	}
	if err := os.WriteFile(file, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	nextRelevant(t, w, file, fsnotify.Create)
	if w.unsettled() {
		t.Error("the incident written again is still waited for")
	}

	// Another way: a temporary file renamed over the incident.
	tmp := filepath.Join(inc, "2024-05-01-outage.md.tmp123")
	if err := os.WriteFile(tmp, []byte("newer"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	nextRelevant(t, w, file, fsnotify.Create)
	if w.unsettled() {
		t.Error("a temporary file renamed into place is waited for")
	}

	// A deleted incident is waited for once: the build clears the note.
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	nextRelevant(t, w, file, fsnotify.Remove)
	if !w.unsettled() {
		t.Error("the removed incident is not waited for")
	}
	w.takeReset()
	if w.unsettled() {
		t.Error("the removed incident is waited for after a build")
	}
}
