package build

import (
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

// claimSpare returns the folder to write the new site into: out's spare
// moved to a private name, reused, or else a new empty folder. The rename
// makes the spare this build's alone; a concurrent build gets a new one.
func claimSpare(out string, now time.Time) (tmp string, reused bool, err error) {
	if tmp, ok := takeSpare(out, now); ok {
		return tmp, true, nil
	}
	tmp, err = os.MkdirTemp(filepath.Dir(out), tmpPrefix(out))
	if err != nil {
		return "", false, err
	}
	// MkdirTemp makes the folder private; a site is for web servers to read.
	if err := os.Chmod(tmp, sitefile.DirMode); err != nil {
		os.Remove(tmp)
		return "", false, err
	}
	return tmp, false, nil
}

func tmpPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

func takeSpare(out string, now time.Time) (string, bool) {
	spare := spareName(out)
	if st, err := os.Lstat(spare); err != nil || !st.IsDir() {
		return "", false
	}
	name, err := os.MkdirTemp(filepath.Dir(out), tmpPrefix(out))
	if err != nil {
		return "", false
	}
	// os.Rename refuses to replace a folder, even an empty one.
	if os.Remove(name) != nil || os.Rename(spare, name) != nil {
		return "", false
	}
	// A renamed folder keeps its time, and a concurrent build removes
	// temporary folders over an hour old as leftovers.
	os.Chtimes(name, now, now)
	return name, true
}

// releaseSpare undoes claimSpare after a failed build: a reused spare
// goes back, written or not, and a new folder is removed.
func releaseSpare(tmp, out string, reused bool) {
	if reused && os.Rename(tmp, spareName(out)) == nil {
		return
	}
	os.RemoveAll(tmp)
}

// keepSpare makes old, the site just replaced, out's spare; if another
// build put one there meanwhile, old is removed instead.
func keepSpare(old, out string) error {
	if os.Rename(old, spareName(out)) == nil {
		return nil
	}
	return removeTree(old)
}
