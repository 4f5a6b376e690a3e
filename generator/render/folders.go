package render

import (
	"path"
	"strings"

	"github.com/buoystatus/buoy/generator/view"
)

// A Session gives every page a folder of its own: "incidents/x.md" is
// written as "incidents/x/index.md" (a leaf bundle, at the same URL).
//
// Hugo v0.165.0, told in one rebuild that several files of one folder
// changed, reads again only the first of them by name; the others are
// rendered again from what it read before (gohugoio/hugo#15330, fixed
// after v0.165.0). Every rebuild of a site with an ongoing incident
// changes that incident's page (its duration grows) besides the one
// edited, so an edit to any incident named after it was lost. With one
// page per folder, every changed page is in a folder of its own and is
// read again, however many change at once. A section's _index.md stays
// where it is: Hugo reads the whole section again when it changes.

// A page with pages below it (a component's older incidents,
// components/x/page/2.md next to components/x.md) stays where it is: as
// a folder's index.md it would make them its resources, not pages. Such
// pages are few; when two of one folder change at once, the session
// starts Hugo afresh rather than meet the bug above.

// ownFolder is the path a Session writes the content file p at; flat are
// the pages with pages below them.
func ownFolder(p string, flat map[string]bool) string {
	if flat[p] || p == "_index.md" || strings.HasSuffix(p, "/_index.md") {
		return p
	}
	return strings.TrimSuffix(p, ".md") + "/index.md"
}

// ownFolders is files at the paths ownFolder gives, with the pages that
// stay where they are.
func ownFolders(files []view.File) ([]view.File, map[string]bool) {
	flat := withPages(files)
	out := make([]view.File, len(files))
	for i, f := range files {
		out[i] = view.File{Path: ownFolder(f.Path, flat), Data: f.Data}
	}
	return out, flat
}

// withPages returns the pages among files that have other files below
// them.
func withPages(files []view.File) map[string]bool {
	pages := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".md") {
			pages[f.Path] = true
		}
	}
	flat := map[string]bool{}
	for _, f := range files {
		for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
			if pages[dir+".md"] {
				flat[dir+".md"] = true
			}
		}
	}
	return flat
}

// sameFolder reports whether two of the changed files are pages written
// where they are in one folder (see above).
func sameFolder(changed []string, flat map[string]bool) bool {
	dirs := map[string]bool{}
	for _, p := range changed {
		if !flat[p] {
			continue
		}
		if dirs[path.Dir(p)] {
			return true
		}
		dirs[path.Dir(p)] = true
	}
	return false
}
