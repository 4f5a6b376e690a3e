package sitefile

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// put writes files (slash path -> content; a trailing slash makes a
// folder, "-> target" a symlink) under root.
func put(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(rel, "/")))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasSuffix(rel, "/"):
			err = os.MkdirAll(p, 0o755)
		case strings.HasPrefix(data, "-> "):
			err = os.Symlink(strings.TrimPrefix(data, "-> "), p)
		default:
			err = os.WriteFile(p, []byte(data), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// listing is every path under root: folders end in "/", files show
// their bytes.
func listing(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		if d.Type()&os.ModeSymlink != 0 {
			out = append(out, rel+" (link)")
			return nil
		}
		b, err := os.ReadFile(p)
		out = append(out, rel+"="+string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// fill writes a small site into tree, as a render does: folders first.
func fill(t *testing.T, tree *Tree, dirs []string, files map[string]string) {
	t.Helper()
	for _, d := range dirs {
		if err := tree.MkdirAll(d); err != nil {
			t.Fatal(err)
		}
	}
	var buf []byte
	for rel, data := range files {
		var err error
		if buf, err = tree.Write(rel, []byte(data), buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := tree.Prune(); err != nil {
		t.Fatal(err)
	}
}

var newSite = map[string]string{
	"index.html":               "home v2",
	"incidents/a/index.html":   "incident a",
	"incidents/b/index.html":   "incident b v2",
	"incidents/new/index.html": "incident new",
	"api/v2/status.json":       "{}",
	"empty.txt":                "",
}

var newDirs = []string{"incidents/a", "incidents/b", "incidents/new", "api/v2"}

var wantSite = []string{
	"api/", "api/v2/", "api/v2/status.json={}", "empty.txt=",
	"incidents/", "incidents/a/", "incidents/a/index.html=incident a",
	"incidents/b/", "incidents/b/index.html=incident b v2",
	"incidents/new/", "incidents/new/index.html=incident new",
	"index.html=home v2",
}

// holdsNewSite checks that root holds exactly wantSite.
func holdsNewSite(t *testing.T, root string) {
	t.Helper()
	if got := listing(t, root); strings.Join(got, "\n") != strings.Join(wantSite, "\n") {
		t.Errorf("tree holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantSite, "\n"))
	}
}

func TestFreshTree(t *testing.T) {
	root := t.TempDir()
	tree, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, tree, newDirs, newSite)
	holdsNewSite(t, root)
	st, err := os.Stat(filepath.Join(root, "index.html"))
	if err != nil || st.Mode() != Mode {
		t.Errorf("index.html: mode %v, %v; want %v", st.Mode(), err, Mode)
	}
}

// An earlier site brought up to date ends up holding exactly the new
// site, whatever it held where: stale pages, a folder where a file goes,
// a file where a folder goes, links, a file of another mode.
func TestReusedTree(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("incident a"), 0o644); err != nil {
		t.Fatal(err)
	}
	put(t, root, map[string]string{
		"index.html":                "home v1",
		"incidents/a/index.html":    "-> " + outside, // same bytes, through a link
		"incidents/b/index.html":    "incident b v1",
		"incidents/gone/index.html": "removed incident",
		"incidents/new":             "a file where a folder goes",
		"api/v2/status.json/":       "",    // a folder where a file goes
		"empty.txt":                 "x",   // shrinks to nothing
		"old.txt":                   "old", // no longer in the site
	})
	if err := os.Chmod(filepath.Join(root, "incidents/b/index.html"), 0o600); err != nil {
		t.Fatal(err)
	}
	tree, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, tree, newDirs, newSite)
	holdsNewSite(t, root)
	if b, _ := os.ReadFile(outside); string(b) != "incident a" {
		t.Errorf("the link's target now holds %q", b)
	}
	st, _ := os.Stat(filepath.Join(root, "incidents/b/index.html"))
	if st.Mode() != Mode {
		t.Errorf("incidents/b/index.html has mode %v, want %v", st.Mode(), Mode)
	}
}

// A file with the same bytes is left as it is; one that changed is a new
// file, so whoever holds the old one open, or a link to it, keeps the old
// bytes.
func TestReusedTreeKeepsUnchangedFiles(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{"same.html": "same", "changed.html": "v1", "longer.html": "v1"})
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	for _, f := range []string{"same.html", "changed.html"} {
		if err := os.Chtimes(filepath.Join(root, f), old, old); err != nil {
			t.Fatal(err)
		}
	}
	elsewhere := filepath.Join(t.TempDir(), "linked.html")
	if err := os.Link(filepath.Join(root, "changed.html"), elsewhere); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(filepath.Join(root, "longer.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before, _ := os.Stat(filepath.Join(root, "same.html"))

	tree, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, tree, nil, map[string]string{"same.html": "same", "changed.html": "v2", "longer.html": "v1 and more"})

	after, _ := os.Stat(filepath.Join(root, "same.html"))
	if !os.SameFile(before, after) || !after.ModTime().Equal(old) {
		t.Errorf("same.html was written again (time %v, want %v)", after.ModTime(), old)
	}
	if b, _ := os.ReadFile(elsewhere); string(b) != "v1" {
		t.Errorf("a link to the earlier changed.html now holds %q", b)
	}
	if b := make([]byte, 16); true {
		n, _ := held.ReadAt(b, 0)
		if string(b[:n]) != "v1" {
			t.Errorf("a reader of the earlier longer.html now reads %q", b[:n])
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "longer.html")); string(b) != "v1 and more" {
		t.Errorf("longer.html holds %q", b)
	}
}

func TestWriteTwice(t *testing.T) {
	tree, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.Write("a.html", []byte("one"), nil); err != nil {
		t.Fatal(err)
	}
	if !tree.Has("a.html") || tree.Has("b.html") {
		t.Error("Has does not tell written paths")
	}
	if _, err := tree.Write("a.html", []byte("two"), nil); err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Errorf("second write: %v, want an error", err)
	}
}

// A round never replaces what it wrote itself: on a reused tree as on a
// fresh one, a file where a folder was made, a folder where a file was
// written, or a file in a folder not made are errors.
func TestClashes(t *testing.T) {
	for _, earlier := range []bool{false, true} {
		root := t.TempDir()
		if earlier {
			put(t, root, map[string]string{"feed/index.html": "old", "a": "old", "x/y": "old"})
		}
		tree, err := Open(root)
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(tree.Mkdir("feed"))
		_, err = tree.Write("feed/index.html", []byte("page"), nil)
		must(err)
		_, err = tree.Write("a", []byte("page"), nil)
		must(err)
		if _, err := tree.Write("feed", []byte("output"), nil); err == nil {
			t.Errorf("earlier=%v: a file replaced a folder made this round", earlier)
		}
		if err := tree.MkdirAll("a/b"); err == nil {
			t.Errorf("earlier=%v: a folder replaced a file written this round", earlier)
		}
		if _, err := tree.Write("x/y", []byte("page"), nil); err == nil {
			t.Errorf("earlier=%v: a file was written in a folder not made", earlier)
		}
		if b, _ := os.ReadFile(filepath.Join(root, "feed", "index.html")); string(b) != "page" {
			t.Errorf("earlier=%v: feed/index.html holds %q", earlier, b)
		}
		if b, _ := os.ReadFile(filepath.Join(root, "a")); string(b) != "page" {
			t.Errorf("earlier=%v: a holds %q", earlier, b)
		}
	}
}
