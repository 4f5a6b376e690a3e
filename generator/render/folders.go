package render

import (
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

// ownFolder is the path a Session writes the content file p at.
func ownFolder(p string) string {
	if p == "_index.md" || strings.HasSuffix(p, "/_index.md") {
		return p
	}
	return strings.TrimSuffix(p, ".md") + "/index.md"
}

// ownFolders is files at the paths ownFolder gives.
func ownFolders(files []view.File) []view.File {
	out := make([]view.File, len(files))
	for i, f := range files {
		out[i] = view.File{Path: ownFolder(f.Path), Data: f.Data}
	}
	return out
}
