// Package filetest plants the files tests need: written with their
// folders, links, named pipes, and the hostile files every reader that
// stays inside its folder (generator/confine) must refuse.
//
// Only tests import it.
package filetest

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes data to path, making the folders it needs.
func WriteFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Symlink makes name a link to target, making the folders it needs.
func Symlink(t testing.TB, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}
