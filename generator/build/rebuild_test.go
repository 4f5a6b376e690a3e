package build_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// A build keeps the site it replaces as .public.prev and writes the next
// site over it: files whose bytes did not change stay the same files,
// with their times; changed ones are new files; what the site no longer
// has goes. Whatever the spare held, the site is the one a first build
// gives.
func TestRebuildReusesPreviousSite(t *testing.T) {
	s := sitetest.Test(t, siteFiles, now)
	dir, out := s.Dir, s.Out
	spare := filepath.Join(dir, ".public.prev")
	if _, err := os.Stat(spare); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a first build left a spare (%v)", err)
	}
	const (
		kept    = "incidents/2024-04-10-website-down/index.html"
		keptOut = "components/website/atom.xml" // written by a generator, not Hugo
		edited  = "incidents/2024-05-01-api-errors/index.html"
	)
	// Times from long ago show which files a rebuild leaves alone.
	old := time.Now().Add(-72 * time.Hour).Truncate(time.Second)
	for _, rel := range []string{kept, keptOut, edited} {
		if err := os.Chtimes(filepath.Join(out, rel), old, old); err != nil {
			t.Fatal(err)
		}
	}
	filetest.WriteFile(t, filepath.Join(out, "stale.html"), "a file no build wrote")
	first := treeHash(t, out)

	s.Build() // out becomes the spare
	// Which keeps git from adding it in repositories that ignore only
	// public/.
	if got, err := os.ReadFile(filepath.Join(spare, ".gitignore")); err != nil || string(got) != "*\n" {
		t.Errorf("the spare's .gitignore holds %q", got)
	}
	if err := os.Remove(filepath.Join(spare, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if got := treeHash(t, spare); got != first {
		t.Fatal("the spare is not the site the build replaced")
	}
	filetest.WriteFile(t, filepath.Join(spare, ".gitignore"), "*\n") // for the next build to prune
	stat := func(rel string) os.FileInfo {
		t.Helper()
		st, err := os.Stat(filepath.Join(spare, rel))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := map[string]os.FileInfo{}
	for _, rel := range []string{kept, keptOut} {
		before[rel] = stat(rel)
	}

	p := filepath.Join(dir, "incidents", "2024-05-01-api-errors.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	filetest.WriteFile(t, p, strings.Replace(string(b), "A API responde com erros", "A API responde devagar", 1))
	s.Build() // written over the spare

	for _, rel := range []string{kept, keptOut} {
		st, err := os.Stat(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(before[rel], st) || !st.ModTime().Equal(old) {
			t.Errorf("%s was written again (time %v)", rel, st.ModTime())
		}
	}
	st, err := os.Stat(filepath.Join(out, edited))
	if err != nil {
		t.Fatal(err)
	}
	// Not os.SameFile: the file system may give the new file the number
	// the removed one had.
	if st.ModTime().Equal(old) {
		t.Errorf("%s is still the earlier file", edited)
	}
	s.AssertFileContent(edited, "A API responde devagar")
	// What the site no longer has does not survive in the reused site.
	s.AssertFileExists("stale.html", false)

	// The same repository built into a new folder gives the same site.
	fresh := filepath.Join(t.TempDir(), "fresh")
	if err := buildInto(t, dir, fresh); err != nil {
		t.Fatal(err)
	}
	if treeHash(t, out) != treeHash(t, fresh) {
		t.Error("the site written over the spare differs from a first build's")
	}
	noLeftovers(t, dir, ".public.prev", "incidents", "public", "status.yaml")
}

// buildInto builds the repository at dir into out, as buoy build does.
func buildInto(tb testing.TB, dir, out string) error {
	s := sitetest.Open(tb, dir, now)
	s.Out = out
	return s.BuildE()
}

// An output folder that existed before the first build, private, becomes
// the spare and then, two builds on, the site again: it is a site then,
// readable by web servers, like every folder a build makes.
func TestRebuildSiteModes(t *testing.T) {
	s := sitetest.New(t, siteFiles, now)
	out := s.Out
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s.Build()
		st, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o755 {
			t.Errorf("build %d: public has mode %v, want 0755", i+1, st.Mode().Perm())
		}
	}
}
