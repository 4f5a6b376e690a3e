package build

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"sync"

	"github.com/buoystatus/buoy/generator/badge"
	"github.com/buoystatus/buoy/generator/feed"
	"github.com/buoystatus/buoy/generator/ical"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/statusapi"
	"github.com/buoystatus/buoy/generator/words"
)

// Generator renders one kind of output besides the pages: it returns files
// by path relative to the site root ("api/v2/status.json") with their bytes.
type Generator func(*status.Snapshot) (map[string][]byte, error)

// generators lists every output written next to the pages. Feeds, the
// status API, badges and the maintenance calendar join here. Feeds render
// incident text with md, the pages' renderer; all take their words from
// b, the repository's.
func generators(md feed.Renderer, b *words.Book) []Generator {
	return []Generator{feed.FilesIn(md, b), statusapi.FilesIn(b), badge.FilesIn(b), ical.FilesIn(b)}
}

// generate runs every generator. Generators only read the snapshot, so
// they run while Hugo renders the pages from the same snapshot.
func generate(ctx context.Context, snap *status.Snapshot, md feed.Renderer, b *words.Book) ([]map[string][]byte, error) {
	var all []map[string][]byte
	for i, gen := range generators(md, b) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files, err := gen(snap)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", i, err)
		}
		all = append(all, files)
	}
	return all, nil
}

// writeOutputs writes generated files into tree, after the pages. A file
// may be written once: an output that would replace a page or another
// output's file is a bug, reported rather than silently won. Every path
// is checked before any file is written; the folders are made once each,
// then a few goroutines write the files, as creates wait on the disk.
func writeOutputs(outputs []map[string][]byte, tree *sitefile.Tree) error {
	written := map[string]bool{}
	var pending []output
	var folders []string
	for _, files := range outputs {
		paths := make([]string, 0, len(files))
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			if !filepath.IsLocal(p) || path.Clean(p) != p || filepath.ToSlash(p) != p {
				return fmt.Errorf("output %q: not a clean path inside the site", p)
			}
			if written[p] {
				return fmt.Errorf("output %s: written by two generators", p)
			}
			written[p] = true
			if tree.Has(p) {
				return fmt.Errorf("output %s: the site already has this file", p)
			}
			pending = append(pending, output{path: p, data: files[p]})
			folders = append(folders, path.Dir(p))
		}
	}
	for _, f := range folders {
		if err := tree.MkdirAll(f); err != nil {
			return err
		}
	}

	next := make(chan output)
	errs := make([]error, outputWriters)
	var wg sync.WaitGroup
	for w := range outputWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []byte
			for o := range next {
				if errs[w] == nil {
					scratch, errs[w] = tree.Write(o.path, o.data, scratch)
				}
			}
		}()
	}
	for _, o := range pending {
		next <- o
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// outputWriters is how many goroutines write generated files.
const outputWriters = 4

type output struct {
	path string
	data []byte
}
