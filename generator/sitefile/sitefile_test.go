package sitefile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	prev := filepath.Join(dir, "prev.html")
	if err := os.WriteFile(prev, []byte("page"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.html")
	if err := os.Symlink(prev, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, prev, data string
		linked           bool
	}{
		{"same bytes", prev, "page", true},
		{"other bytes", prev, "PAGE", false},
		{"longer", prev, "pages", false},
		{"empty", prev, "", false},
		{"no previous site", "", "page", false},
		{"no previous file", filepath.Join(dir, "missing.html"), "page", false},
		{"a folder", dir, "page", false},
		// A link could point anywhere; only the previous site's own files count.
		{"a symlink to the same bytes", link, "page", false},
	}
	if err := os.Mkdir(filepath.Join(dir, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf []byte
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := filepath.Join(dir, "new", tc.name)
			var err error
			if buf, err = Write(tc.prev, to, []byte(tc.data), buf); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(to); err != nil || string(b) != tc.data {
				t.Errorf("new file holds %q, %v; want %q", b, err, tc.data)
			}
			a, _ := os.Stat(prev)
			b, _ := os.Lstat(to)
			if linked := os.SameFile(a, b); linked != tc.linked {
				t.Errorf("linked = %v, want %v", linked, tc.linked)
			}
			if b, _ := os.ReadFile(prev); string(b) != "page" {
				t.Errorf("the previous file now holds %q", b)
			}
		})
	}
}
