package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// A build that finds the last build's cache gives the site a build
// without one gives, byte for byte: after no change, and after an
// incident's text, a new incident and status.yaml changed.
func TestCachedBuildIsBuild(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	cached := sitetest.New(t, articleFiles, now)
	cacheDir := t.TempDir()
	cached.Cache = buildcache.Open(cacheDir, "test")
	cached.Build()
	for _, table := range []string{"markdown", "incidents"} {
		if st, err := os.Stat(filepath.Join(cacheDir, table)); err != nil || st.Size() < 1000 {
			t.Fatalf("the first build cached no %s: %v", table, err)
		}
	}
	plain := sitetest.Test(t, articleFiles, now)
	cached.Build()
	sameSites(t, cached.Out, plain.Out)

	for _, s := range []*sitetest.Site{cached, plain} {
		s.WriteFile("incidents/2026-11-20-ongoing.yaml", strings.Replace(readFile(t, s.Dir, "incidents/2026-11-20-ongoing.yaml"), "Slow queries.", "Slow *queries* found.", 1))
		s.WriteFile("incidents/2026-11-19-new.md", "---\ntitle: New\ncomponents: [web]\nstarted: 2026-11-19T10:00:00Z\n---\nA **new** postmortem.\n")
		s.WriteFile("status.yaml", strings.Replace(readFile(t, s.Dir, "status.yaml"), "name: Website", "name: Web site", 1))
		s.Now = now.Add(time.Hour)
		s.Build()
	}
	sameSites(t, cached.Out, plain.Out)
	cached.AssertFileContent("incidents/2026-11-20-ongoing/index.html", "Slow <em>queries</em> found.")
}

// The cache is read: what it holds for a text is what the page shows,
// which is why it lives outside the repository (see package buildcache).
func TestCacheIsRead(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s := sitetest.New(t, articleFiles, now)
	s.Cache = buildcache.Open(t.TempDir(), "test")
	s.Build()
	// The HTML of "Over." becomes other HTML; all else is left out, to
	// be rendered again.
	tb := s.Cache.Table("markdown")
	key := buildcache.KeyOf([]byte("markdown heading-base=3"), []byte("Over."))
	v, ok := tb.Get(key)
	if !ok || v != "<p>Over.</p>\n" {
		t.Fatalf("the cached HTML of %q is %q, %v", "Over.", v, ok)
	}
	tb.Put(key, "<p>Cached.</p>\n")
	if err := s.Cache.Save("markdown", tb); err != nil {
		t.Fatal(err)
	}
	s.Build()
	s.AssertFileContent("incidents/2026-11-01-full/index.html", "<p>Cached.</p>")
}

func readFile(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameSites fails t unless the sites in folders got and want have the
// same files, byte for byte.
func sameSites(t *testing.T, got, want string) {
	t.Helper()
	files := map[string]bool{}
	err := filepath.WalkDir(want, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, name)
		files[rel] = true
		w, _ := os.ReadFile(name)
		g, err := os.ReadFile(filepath.Join(got, rel))
		switch {
		case err != nil:
			t.Errorf("%s: missing", rel)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs (got, then want):\n%s", rel, firstDifference(g, w))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(got, func(name string, d fs.DirEntry, err error) error {
		if rel, _ := filepath.Rel(got, name); err == nil && !d.IsDir() && !files[rel] {
			t.Errorf("%s: not in the other site", rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
