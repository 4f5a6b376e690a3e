package render

import (
	"context"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sync"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/sitefile"
)

// treeWriters is how many goroutines write files. Creating a file waits
// on the disk as much as on the CPU, so a few in flight keep both busy;
// more only queue on the kernel's locks of the folder they share.
const treeWriters = 4

// treeEntry is a file or folder of the tree to write, relative to its root.
type treeEntry struct {
	rel  string
	dir  bool
	size int64
}

// writeTree copies the folder root of src into out, with the links of
// its pages made relative by rw.
//
// Hugo renders into memory and this writes the result: at 10,000 pages
// that measured faster than letting Hugo write to disk itself, whose
// render workers then wait on every create. One goroutine makes the
// folders, each once and parents first, in the order of the walk; a file
// is handed to the writers only after its folder, so no writer makes
// folders or waits for another to.
func writeTree(ctx context.Context, src afero.Fs, root string, out *sitefile.Tree, rw *relurl.Rewriter) error {
	var entries []treeEntry
	err := afero.Walk(src, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		// afero joins with the OS's separator; the tree's paths use "/".
		entries = append(entries, treeEntry{rel: filepath.ToSlash(p[len(root)+1:]), dir: info.IsDir(), size: info.Size()})
		return nil
	})
	if err != nil {
		return err
	}

	next := make(chan treeEntry, treeWriters)
	errc := make(chan error, treeWriters)
	var wg sync.WaitGroup
	for range treeWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Buffers per writer, reused: copying each page into a new
			// slice would make garbage of the whole site.
			var data, page, scratch []byte
			for e := range next {
				var err error
				if data, err = readFile(src, path.Join(root, e.rel), e.size, data); err == nil {
					file := data
					if relurl.Applies(e.rel) {
						page = rw.Page(page[:0], data, e.rel)
						file = page
					}
					scratch, err = out.Write(e.rel, file, scratch)
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
	for _, e := range entries {
		if e.dir {
			if werr = out.Mkdir(e.rel); werr != nil {
				break
			}
			continue
		}
		select {
		case next <- e:
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

// readFile reads the file p of src, size bytes long, into buf, which it
// grows when too small.
func readFile(src afero.Fs, p string, size int64, buf []byte) ([]byte, error) {
	f, err := src.Open(p)
	if err != nil {
		return buf, err
	}
	defer f.Close()
	if int64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	_, err = io.ReadFull(f, buf)
	return buf, err
}
