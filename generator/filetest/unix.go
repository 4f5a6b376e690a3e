//go:build unix

package filetest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/buoystatus/buoy/generator/confine"
)

// Mkfifo makes name a named pipe, making the folders it needs: a reader
// that opened it would block.
func Mkfifo(t testing.TB, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Hostile is a file planted where a confined reader looks, and the error
// the reader must refuse it with.
type Hostile struct {
	Name  string
	Plant func(t testing.TB, path string)
	Err   error
}

// HostileFiles are the files planted in place of a file a confined reader
// reads or appends to: a link to outside (a shell's start-up file, say),
// absolute and relative, and a named pipe.
func HostileFiles(outside string) []Hostile {
	return []Hostile{
		{"link outside", func(t testing.TB, path string) { Symlink(t, outside, path) }, confine.ErrOutside},
		{"relative link outside", func(t testing.TB, path string) {
			t.Helper()
			rel, err := filepath.Rel(filepath.Dir(path), outside)
			if err != nil {
				t.Fatal(err)
			}
			Symlink(t, rel, path)
		}, confine.ErrOutside},
		{"named pipe", Mkfifo, confine.ErrNotRegular},
	}
}
