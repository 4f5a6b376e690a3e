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
	want, err := ReadTree(dir)
	if err != nil {
		t.Fatalf("reading golden files (run the tests with -update to create them): %v", err)
	}
	CompareFiles(t, want, files, Labels{
		Missing: "in " + dir + " but no longer produced",
		Extra:   "produced but not in " + dir + " (run with -update)",
		Differs: "differs from " + dir + " (run with -update after checking the change)",
	})
}

// ReadTree reads every file under dir, keyed by its slash path below dir.
func ReadTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

// Labels word CompareFiles' reports: a file only in want, only in got, or
// in both with other bytes.
type Labels struct{ Missing, Extra, Differs string }

// CompareFiles reports every file that is in only one of want and got, or
// differs between them, with the first line that differs; paths in order.
func CompareFiles(t testing.TB, want, got map[string][]byte, l Labels) {
	t.Helper()
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		g, inGot := got[p]
		w, inWant := want[p]
		switch {
		case !inGot:
			t.Errorf("%s: %s", p, l.Missing)
		case !inWant:
			t.Errorf("%s: %s", p, l.Extra)
		case !bytes.Equal(g, w):
			t.Errorf("%s %s:\n%s", p, l.Differs, firstDiff(w, g))
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
