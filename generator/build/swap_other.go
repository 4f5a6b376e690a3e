//go:build !linux

package build

import (
	"errors"
	"os"
)

// swap puts the folder tmp at out with renames: out is briefly missing,
// never half written. The previous site is at the returned path.
func swap(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	return swapByRenames(tmp, out)
}
