package themes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestExport(t *testing.T) {
	dir := t.TempDir()
	files, err := Export(Buoy(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("nothing exported")
	}
	for _, p := range files {
		want, err := fs.ReadFile(Buoy(), p)
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		got, err := os.ReadFile(target)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: %v, content differs: %t", p, err, string(got) != string(want))
		}
		// Exported files are the user's to edit.
		st, err := os.Stat(target)
		if err != nil || st.Mode().Perm()&0o200 == 0 {
			t.Errorf("%s is not writable: %v %v", p, st.Mode(), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts", "_partials", "footer.html")); err != nil {
		t.Error(err)
	}
}

// An export over existing files writes nothing and names them all, unless
// forced; forced, it replaces even a read-only file.
func TestExportConflicts(t *testing.T) {
	theme := fstest.MapFS{
		"layouts/a.html": {Data: []byte("new a"), Mode: 0o444},
		"layouts/b.html": {Data: []byte("new b"), Mode: 0o444},
		"i18n/en.yaml":   {Data: []byte("new en"), Mode: 0o444},
	}
	dir := t.TempDir()
	for _, p := range []string{"layouts/a.html", "i18n/en.yaml"} {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, []byte("mine"), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Export(theme, dir, false)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.Paths) != 2 || exists.Paths[0] != "i18n/en.yaml" || exists.Paths[1] != "layouts/a.html" {
		t.Fatalf("err = %v (%+v), want both existing files named", err, exists)
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts", "b.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused export wrote b.html: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "layouts", "a.html")); string(b) != "mine" {
		t.Errorf("a refused export changed a.html: %q", b)
	}

	files, err := Export(theme, dir, true)
	if err != nil || len(files) != 3 {
		t.Fatalf("forced: %v, %q", err, files)
	}
	for p, f := range theme {
		target := filepath.Join(dir, filepath.FromSlash(p))
		b, _ := os.ReadFile(target)
		st, _ := os.Stat(target)
		if string(b) != string(f.Data) || st.Mode().Perm()&0o200 == 0 {
			t.Errorf("%s: %q mode %v after a forced export", p, b, st.Mode())
		}
	}
}
