package render

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/spf13/afero"
)

// writeTree copies the folder root of src into out on disk.
//
// Hugo renders into memory and this writes the result: at 10,000 pages
// that measured faster than letting Hugo write to disk itself, whose
// render workers then wait on every create. Creates wait on the disk more
// than on the CPU, so many goroutines make folders and write files at once.
func writeTree(ctx context.Context, src afero.Fs, root, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var files []string
	err := afero.Walk(src, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			files = append(files, p[len(root)+1:])
		}
		return nil
	})
	if err != nil {
		return err
	}

	var made sync.Map // folders known to exist
	made.Store(".", true)
	mkdir := func(dir string) error {
		if _, ok := made.Load(dir); ok {
			return nil
		}
		// MkdirAll tolerates another goroutine making the same folder.
		if err := os.MkdirAll(filepath.Join(out, filepath.FromSlash(dir)), 0o755); err != nil {
			return err
		}
		made.Store(dir, true)
		return nil
	}

	workers := 4 * runtime.GOMAXPROCS(0)
	next := make(chan string)
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rel := range next {
				b, err := afero.ReadFile(src, path.Join(root, rel))
				if err == nil {
					err = mkdir(path.Dir(rel))
				}
				if err == nil {
					err = os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), b, 0o644)
				}
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	var werr error
send:
	for _, rel := range files {
		select {
		case next <- rel:
		case werr = <-errc:
			break send
		case <-ctx.Done():
			werr = ctx.Err()
			break send
		}
	}
	close(next)
	wg.Wait()
	if werr == nil {
		select {
		case werr = <-errc:
		default:
		}
	}
	return werr
}
