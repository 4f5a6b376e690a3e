package statustest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Golden compares the files a renderer produced (site-relative path to
// bytes) with the tree under dir, and rewrites that tree instead when update
// is set (each package's tests pass their own -update flag). Files missing
// on either side are reported too, so a renamed output cannot pass.
func Golden(t testing.TB, dir string, files map[string][]byte, update bool) {
	t.Helper()
	if update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for p, b := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		want[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatalf("reading golden files (run the tests with -update to create them): %v", err)
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	for p := range want {
		if _, ok := files[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		got, ok := files[p]
		exp, inGolden := want[p]
		switch {
		case !ok:
			t.Errorf("%s: in %s but no longer produced", p, dir)
		case !inGolden:
			t.Errorf("%s: produced but not in %s (run with -update)", p, dir)
		case !bytes.Equal(got, exp):
			t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", p, dir, firstDiff(exp, got))
		}
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(line endings or trailing bytes)"
}
