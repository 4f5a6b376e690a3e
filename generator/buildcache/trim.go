package buildcache

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// usedFile is written by each build that uses a cache folder, so that its
// time tells when it was last used: a table left as it was keeps its own.
const usedFile = "used"

// Used records that a build used the cache now (the file system's clock),
// for Trim.
func (d *Dir) Used() error {
	if d == nil || d.path == "" {
		return nil
	}
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d.path, usedFile), nil, 0o600)
}

// Trim removes each folder in root (a folder of cache folders, one a
// repository) that no build has used since keep before now: a checkout
// built once, in a folder of its own, leaves its tables behind otherwise.
// Files directly in root, and anything that is not a folder, stay.
func Trim(root string, keep time.Duration, now time.Time) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if newest(dir).Add(keep).Before(now) {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// newest is the latest modification time of the files in dir, or of dir
// itself when it has none.
func newest(dir string) time.Time {
	var t time.Time
	if st, err := os.Stat(dir); err == nil {
		t = st.ModTime()
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().Type() == fs.FileMode(0) && info.ModTime().After(t) {
			t = info.ModTime()
		}
	}
	return t
}
