package build

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A build killed mid-way (a cancelled CI job, kill -9, a power cut)
// leaves its temporary folder next to the output, and a build killed
// while it swapped or deleted leaves a set-aside (.old-) or half-deleted
// (.del-) one. Each live build holds a lock on the folders it writes or
// deletes (see folderLock): the next build removes every folder nobody
// holds at once, and never touches a concurrent build's.

// leftoverAge is how old a leftover must be before a build deletes it
// where folders cannot be locked: a concurrent build's is younger.
const leftoverAge = time.Hour

// freshAge is how long an empty, unlocked temporary folder is left
// alone: a concurrent build creates its folder, then locks it, and an
// empty folder costs nothing to keep.
const freshAge = time.Minute

// removeLeftovers deletes the temporary (.public.tmp-*), set-aside
// (.public.old-*) and half-deleted (.public.del-*) folders that dead
// builds left next to out. The first dead temporary folder becomes out's
// spare when it has none (the next site is written over it, see
// spare.go); the others are renamed to a private name, still locked, and
// deleted in the background: wait waits for that. Failures are ignored:
// a leftover wastes space but never harms the site.
func removeLeftovers(out string, now time.Time) (wait func()) {
	dir, base := filepath.Dir(out), filepath.Base(out)
	var wg sync.WaitGroup
	for _, kind := range []string{".tmp-", ".old-", ".del-"} {
		matches, _ := filepath.Glob(filepath.Join(dir, "."+base+kind+"*"))
		for _, m := range matches {
			lock, ok := deadFolder(m, now)
			if !ok {
				continue
			}
			if kind == ".tmp-" && os.Rename(m, spareName(out)) == nil {
				lock.unlock()
				continue
			}
			del, err := os.MkdirTemp(dir, "."+base+".del-")
			if err != nil || os.Remove(del) != nil || os.Rename(m, del) != nil {
				lock.unlock()
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer lock.unlock()
				removeTree(del)
			}()
		}
	}
	return wg.Wait
}

// deadFolder locks the folder m when it is a dead build's: nobody holds
// it (or, without locks, it is over leftoverAge old).
func deadFolder(m string, now time.Time) (*folderLock, bool) {
	st, err := os.Lstat(m)
	if err != nil || !st.IsDir() {
		return nil, false
	}
	if !locksWork && now.Sub(st.ModTime()) < leftoverAge {
		return nil, false
	}
	lock, err := lockFolder(m, false)
	if err != nil {
		return nil, false
	}
	if now.Sub(st.ModTime()) < freshAge && isEmpty(m) {
		lock.unlock()
		return nil, false
	}
	return lock, true
}

func isEmpty(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.ReadDir(1)
	return errors.Is(err, io.EOF)
}
