package incident

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// opensFS counts the files opened under incidents/: the reads a Memo
// spares.
type opensFS struct {
	fsys  fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (o *opensFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".yaml") {
		o.mu.Lock()
		o.opens[name]++
		o.mu.Unlock()
	}
	return o.fsys.Open(name)
}

func (o *opensFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(o.fsys, name) }

func (o *opensFS) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, c := range o.opens {
		n += c
	}
	return n
}

func incidentSrc(title string) string {
	return "title: " + title + "\ncomponents: [website]\nstarted: 2025-06-01T11:00:00Z\n"
}

func writeAt(t *testing.T, file, data string, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func titles(t *testing.T, fsys fs.FS, memo *Memo) string {
	t.Helper()
	got, problems := ReadDirMemo(fsys, cfg, time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), memo)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	var ts []string
	for _, in := range got {
		ts = append(ts, in.Title)
	}
	return strings.Join(ts, ",")
}

// A file rewritten with the same size and times as the memo saw it, and
// one replaced by another of the same size through a rename, are read
// again; files left alone are not.
func TestMemoTrustsOnlyUnchangedStatus(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "incidents")
	if err := os.Mkdir(inc, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	a, b := filepath.Join(inc, "2025-06-01-a.yaml"), filepath.Join(inc, "2025-06-01-b.yaml")
	writeAt(t, a, incidentSrc("A1"), old)
	writeAt(t, b, incidentSrc("B1"), old)
	fsys := &opensFS{fsys: os.DirFS(dir), opens: map[string]int{}}
	// The files were written a moment ago: a window of a nanosecond
	// trusts their status at once.
	memo := &Memo{window: time.Nanosecond}
	if got := titles(t, fsys, memo); got != "A1,B1" {
		t.Fatalf("first read: %s", got)
	}
	opened := fsys.count()
	if got := titles(t, fsys, memo); got != "A1,B1" {
		t.Fatalf("second read: %s", got)
	}
	if n := fsys.count() - opened; n != 0 && runtime.GOOS == "linux" {
		t.Errorf("unchanged files opened %d times on the second read", n)
	}

	writeAt(t, a, incidentSrc("A2"), old)
	if got := titles(t, fsys, memo); got != "A2,B1" {
		t.Errorf("after rewriting a with its size and times: %s", got)
	}

	tmp := filepath.Join(dir, "b.tmp")
	writeAt(t, tmp, incidentSrc("B2"), old)
	if err := os.Rename(tmp, b); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, fsys, memo); got != "A2,B2" {
		t.Errorf("after renaming a file of the same size over b: %s", got)
	}
}

// An incident saved twice within a second, the same size each time, is
// read again with the memo's own window: its times may not tell.
func TestMemoRereadsRecentFiles(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "incidents")
	if err := os.Mkdir(inc, 0o755); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(inc, "2025-06-01-a.yaml")
	at := time.Now().Truncate(time.Second)
	writeAt(t, a, incidentSrc("A1"), at)
	fsys := os.DirFS(dir)
	memo := &Memo{}
	if got := titles(t, fsys, memo); got != "A1" {
		t.Fatalf("first read: %s", got)
	}
	writeAt(t, a, incidentSrc("A2"), at)
	if got := titles(t, fsys, memo); got != "A2" {
		t.Errorf("after a second save in the same second: %s", got)
	}
}
