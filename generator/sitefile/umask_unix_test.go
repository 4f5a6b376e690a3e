//go:build unix

package sitefile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Modes do not depend on the umask: a site is for web servers to read,
// and a reused site's files must match a new one's to be kept.
func TestModesIgnoreUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	for _, earlier := range []bool{false, true} {
		root := t.TempDir()
		if earlier {
			put(t, root, map[string]string{"kept.html": "same"})
			os.Chmod(filepath.Join(root, "kept.html"), Mode)
		}
		os.Chmod(root, 0o700)
		tree, err := Open(root)
		if err != nil {
			t.Fatal(err)
		}
		fill(t, tree, []string{"a/b"}, map[string]string{"a/b/index.html": "x", "kept.html": "same"})
		for rel, want := range map[string]os.FileMode{".": DirMode, "a": DirMode, "a/b": DirMode, "a/b/index.html": Mode, "kept.html": Mode} {
			st, err := os.Stat(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != want {
				t.Errorf("earlier=%v: %s has mode %v, want %v", earlier, rel, st.Mode().Perm(), want)
			}
		}
	}
}
