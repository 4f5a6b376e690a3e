package build

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/buoystatus/buoy/generator/badge"
	"github.com/buoystatus/buoy/generator/feed"
	"github.com/buoystatus/buoy/generator/ical"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/statusapi"
)

// Generator renders one kind of output besides the pages: it returns files
// by path relative to the site root ("api/v2/status.json") with their bytes.
type Generator func(*status.Snapshot) (map[string][]byte, error)

// generators lists every output written next to the pages. Feeds, the
// status API, badges and the maintenance calendar join here.
func generators() []Generator {
	return []Generator{feed.Files, statusapi.Files, badge.Files, ical.Files}
}

// generate runs every generator. Generators only read the snapshot, so
// they run while Hugo renders the pages from the same snapshot.
func generate(ctx context.Context, snap *status.Snapshot) ([]map[string][]byte, error) {
	var all []map[string][]byte
	for i, gen := range generators() {
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

// writeOutputs writes generated files into the site in dir. A file may be
// written once: an output that would replace a page or another output's
// file is a bug, reported rather than silently won.
func writeOutputs(outputs []map[string][]byte, dir string) error {
	written := map[string]bool{}
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
			full := filepath.Join(dir, filepath.FromSlash(p))
			if _, err := os.Lstat(full); err == nil {
				return fmt.Errorf("output %s: the site already has this file", p)
			}
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(full, files[p], 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
