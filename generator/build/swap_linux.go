package build

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp at out. When out exists the two are exchanged
// in one step (renameat2 RENAME_EXCHANGE), so out always holds a whole
// site; the previous site is then at the returned path, for the caller to
// remove. File systems without exchange get two renames.
func swap(tmp, out string) (old string, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return tmp, nil
	case errors.Is(err, unix.ENOENT):
		if _, serr := os.Lstat(out); errors.Is(serr, os.ErrNotExist) {
			return "", os.Rename(tmp, out)
		}
		return "", err
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
		return swapByRenames(tmp, out)
	}
	return "", err
}
