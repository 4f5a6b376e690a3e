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
	deadTmp := mk(".public.tmp-123", time.Now())
	deadTmp2 := mk(".public.tmp-124", time.Now())
	staleOld := mk(".public.old-456", old)
	held := mk(".public.tmp-789", time.Now())
	other := mk(".other.tmp-1", old)
	site := mk("public", old)
	// A concurrent build's new folder, created but not locked yet.
	fresh := filepath.Join(dir, ".public.tmp-999")
	if err := os.Mkdir(fresh, 0o755); err != nil {
		t.Fatal(err)
	}
	lock, err := lockFolder(held, false)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.unlock()

	removeLeftovers(out, time.Now())()

	for _, p := range []string{deadTmp, deadTmp2, staleOld} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: want removed, stat err %v", filepath.Base(p), err)
		}
	}
	for _, p := range []string{held, other, site, fresh} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: want kept: %v", filepath.Base(p), err)
		}
	}
	// One dead temporary folder is the next build's spare, not deleted.
	if _, err := os.Stat(filepath.Join(spareName(out), "x")); err != nil {
		t.Errorf("a dead temporary folder should become the spare: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".public.del-*"))
	if len(left) > 0 {
		t.Errorf("deleted folders left behind: %v", left)
	}
}
