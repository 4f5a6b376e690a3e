package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/sitefile"
)

// The site a build replaces is kept next to the output as its spare,
// .<out>.prev, and the next build writes its site over it: the two sites
// differ by what changed in between, so a rebuild creates and frees a
// few files instead of every file and folder of the site. The spare is a
// cache: any folder there works, since every file is compared and what
// the new site lacks is pruned; deleting it only makes one build slower.

// spareName is where the site before out's is kept.
func spareName(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".prev")
}

func tmpPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

// startTree returns the folder to write the new site into, locked (see
// folderLock), and its tree: out's spare moved to a private name, or else
// a new empty folder. The rename makes the spare this build's alone; a
// concurrent build gets a new folder.
func startTree(out string, now time.Time) (tmp string, tree *sitefile.Tree, lock *folderLock, reused bool, err error) {
	if tmp, lock, ok := takeSpare(out, now); ok {
		if tree, err := sitefile.Open(tmp); err == nil {
			return tmp, tree, lock, true, nil
		}
		// Unusable here (a file system that ignores case): start afresh.
		os.RemoveAll(tmp)
		lock.unlock()
	}
	tmp, err = os.MkdirTemp(filepath.Dir(out), tmpPrefix(out))
	if err != nil {
		return "", nil, nil, false, err
	}
	// Until it is locked, another build's removeLeftovers leaves the
	// folder alone because it is new and empty.
	if lock, err = lockFolder(tmp, true); err != nil {
		os.RemoveAll(tmp)
		return "", nil, nil, false, err
	}
	if tree, err = sitefile.Open(tmp); err != nil {
		os.RemoveAll(tmp)
		lock.unlock()
		return "", nil, nil, false, err
	}
	return tmp, tree, lock, false, nil
}

// takeSpare locks out's spare, then moves it to a temporary name: locked
// first, it is never a folder of that name that no build holds.
func takeSpare(out string, now time.Time) (string, *folderLock, bool) {
	spare := spareName(out)
	if st, err := os.Lstat(spare); err != nil || !st.IsDir() {
		return "", nil, false
	}
	lock, err := lockFolder(spare, false)
	if err != nil {
		return "", nil, false
	}
	// Its time is made new before it takes a temporary name: where locks
	// are missing, a concurrent build removes temporary folders over an
	// hour old as leftovers.
	if os.Chtimes(spare, now, now) != nil {
		lock.unlock()
		return "", nil, false
	}
	name, err := os.MkdirTemp(filepath.Dir(out), tmpPrefix(out))
	if err != nil {
		lock.unlock()
		return "", nil, false
	}
	// os.Rename refuses to replace a folder, even an empty one.
	if os.Remove(name) != nil || os.Rename(spare, name) != nil {
		lock.unlock()
		return "", nil, false
	}
	return name, lock, true
}

// releaseSpare undoes startTree after a failed build. A spare nothing
// was written to goes back; one written to, or a new folder, is removed,
// so that a spare a build cannot bring up to date costs one failed build,
// not all the next ones.
func releaseSpare(tmp, out string, reused bool, tree *sitefile.Tree) {
	if reused && !tree.Touched() && os.Rename(tmp, spareName(out)) == nil {
		return
	}
	removeTree(tmp)
}

// keepSpare makes old, the site just replaced, out's spare; if another
// build put one there meanwhile, old is removed instead.
func keepSpare(old, out string) error {
	spare := spareName(out)
	if err := os.Rename(old, spare); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a concurrent build removed it as a leftover
		}
		return removeTree(old)
	}
	// Repositories from before the spare existed ignore only public/:
	// this keeps git from adding a copy of the site. The next build
	// prunes it with the rest of what the site lacks.
	os.WriteFile(filepath.Join(spare, ".gitignore"), []byte("*\n"), sitefile.Mode)
	return nil
}
