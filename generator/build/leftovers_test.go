package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	old := time.Now().Add(-2 * time.Hour)
	mk := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	staleTmp := mk(".public.tmp-123", old)
	staleOld := mk(".public.old-456", old)
	fresh := mk(".public.tmp-789", time.Now())
	other := mk(".other.tmp-1", old)
	site := mk("public", old)

	removeLeftovers(out, time.Now())

	for _, p := range []string{staleTmp, staleOld} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: want removed, stat err %v", filepath.Base(p), err)
		}
	}
	for _, p := range []string{fresh, other, site} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: want kept: %v", filepath.Base(p), err)
		}
	}
}
