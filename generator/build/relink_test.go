package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A rebuild links the files whose bytes did not change from the site it
// replaces, and writes the others anew.
func TestRebuildLinksUnchangedFiles(t *testing.T) {
	dir := newRepo(t, siteFiles)
	out := mustBuild(t, dir)
	stat := func(rel string) os.FileInfo {
		t.Helper()
		st, err := os.Stat(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	const (
		kept    = "incidents/2024-04-10-website-down/index.html"
		keptOut = "components/website/atom.xml" // written by a generator, not Hugo
		edited  = "incidents/2024-05-01-api-errors/index.html"
	)
	before := map[string]os.FileInfo{}
	for _, rel := range []string{kept, keptOut, edited} {
		before[rel] = stat(rel)
	}
	keptBytes := read(t, out, kept)

	p := filepath.Join(dir, "incidents", "2024-05-01-api-errors.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, strings.Replace(string(b), "A API responde com erros", "A API responde devagar", 1))
	mustBuild(t, dir)

	for _, rel := range []string{kept, keptOut} {
		if !os.SameFile(before[rel], stat(rel)) {
			t.Errorf("%s was written again, not linked", rel)
		}
	}
	if got := read(t, out, kept); got != keptBytes {
		t.Errorf("%s changed", kept)
	}
	if os.SameFile(before[edited], stat(edited)) {
		t.Errorf("%s is still the previous file", edited)
	}
	if got := read(t, out, edited); !strings.Contains(got, "A API responde devagar") {
		t.Errorf("%s does not show the new title", edited)
	}
	noLeftovers(t, dir, "incidents", "public", "status.yaml")
}
