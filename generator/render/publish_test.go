package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/sitefile"
)

func publishTo(t *testing.T) (*publishFS, *sitefile.Tree, string) {
	t.Helper()
	dir := t.TempDir()
	out, err := sitefile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := newPublishFS()
	p.wrap(afero.NewMemMapFs())
	return p, out, dir
}

func put(t *testing.T, fsys afero.Fs, name, data string) {
	t.Helper()
	if err := fsys.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	f, err := fsys.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// Files closed before and while the writers run end up on disk with
// their last bytes and relative links, folders Hugo made with them.
func TestPublishWritesWhileRendering(t *testing.T) {
	p, out, dir := publishTo(t)
	rw, err := relurl.New("https://status.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	put(t, p, "/early.css", "body{}")
	put(t, p, "/twice.html", "static")
	left, err := p.Create("/left-open.txt")
	if err != nil {
		t.Fatal(err)
	}
	left.Write([]byte("never closed"))
	p.start(context.Background(), out, rw)
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			put(t, p, fmt.Sprintf("/incidents/i%03d/index.html", i), `<a href="/incidents/">all</a>`)
		}()
	}
	for i := range 50 {
		put(t, p, "/twice.html", fmt.Sprint("page ", i))
	}
	if err := p.MkdirAll("/empty/folder", 0o777); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := p.finish(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"early.css": "body{}", "twice.html": "page 49", "left-open.txt": "never closed"}
	for i := range 200 {
		want[fmt.Sprintf("incidents/i%03d/index.html", i)] = `<a href="../../incidents/index.html">all</a>`
	}
	for name, w := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != w {
			t.Errorf("%s = %q, %v; want %q", name, got, err, w)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "incidents"))
	if err != nil || len(entries) != 200 {
		t.Errorf("incidents/ holds %d entries, %v; want 200", len(entries), err)
	}
	if st, err := os.Stat(filepath.Join(dir, "empty/folder")); err != nil || !st.IsDir() {
		t.Errorf("empty/folder: %v", err)
	}
	// Written files leave the memory, but Hugo still finds them.
	if st, err := p.Stat("/early.css"); err != nil || st.Size() != int64(len("body{}")) {
		t.Errorf("Stat(early.css) = %v, %v", st, err)
	}
	if _, err := p.Open("/early.css"); err == nil {
		t.Error("a written file's bytes are still read from memory")
	}
}

// Hugo removing a published file fails the build: the file is on disk.
func TestPublishRefusesRemoval(t *testing.T) {
	p, out, _ := publishTo(t)
	rw, _ := relurl.New("https://status.example.org/")
	p.start(context.Background(), out, rw)
	put(t, p, "/a.css", "a")
	if err := p.Remove("/a.css"); err == nil {
		t.Error("Remove succeeded")
	}
	if err := p.finish(); err == nil {
		t.Error("finish succeeded after a removal")
	}
}

// After stop, as after a failed build, nothing more is written.
func TestPublishStop(t *testing.T) {
	p, out, dir := publishTo(t)
	rw, _ := relurl.New("https://status.example.org/")
	p.start(context.Background(), out, rw)
	p.stop()
	put(t, p, "/late.css", "late")
	if _, err := os.Stat(filepath.Join(dir, "late.css")); !os.IsNotExist(err) {
		t.Errorf("late.css written after stop: %v", err)
	}
}
