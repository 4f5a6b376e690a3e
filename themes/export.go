package themes

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ExistsError lists the files an export would have overwritten; nothing
// was written.
type ExistsError struct {
	Paths []string // slash-separated, relative to the export folder
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%d files already exist", len(e.Paths))
}

// Export writes every file of theme under dir as the user's own: files
// 0644 and folders 0755 (less the umask), whatever the modes of the
// source, which in the module cache are read-only. It overwrites no
// file unless force is set: on a conflict it returns an *ExistsError
// having written nothing. It returns the files written, slash-separated
// and relative to dir, in walk order.
func Export(theme fs.FS, dir string, force bool) ([]string, error) {
	var files, exist []string
	err := fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files = append(files, p)
		st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
		switch {
		case err == nil && st.IsDir():
			return fmt.Errorf("%s is a folder", filepath.Join(dir, filepath.FromSlash(p)))
		case err == nil:
			exist = append(exist, p)
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(exist) > 0 && !force {
		return nil, &ExistsError{Paths: exist}
	}
	for _, p := range files {
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return nil, err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, err
		}
		// A read-only file left by an earlier copy is replaced, not
		// written through.
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}
