package serve_test

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/filetest"
)

// reloadRE is the script serve adds to its pages.
var reloadRE = regexp.MustCompile(`<script id="buoy-serve-reload">[^<]*</script>\n`)

// sameAsBuild checks that every page and sitemap `buoy build` writes for
// dir at clock is what the server answers, once its reload script is
// taken out and its own address put back in place of base_url's.
func sameAsBuild(t *testing.T, r *running, dir string, clock time.Time, step string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if err := build.Build(context.Background(), build.Options{Dir: dir, Out: out, Now: func() time.Time { return clock }}); err != nil {
		t.Fatalf("%s: build: %v", step, err)
	}
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(p) != ".html" && filepath.Base(p) != "sitemap.xml") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == "embed.html" {
			return nil // a notice for other sites, not a page: served as written
		}
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		code, _, body := get(t, r.base+"/"+strings.TrimSuffix(rel, "index.html"))
		got := strings.ReplaceAll(reloadRE.ReplaceAllString(body, ""), r.base+"/", "https://status.example.org/")
		if rel == "404.html" {
			code = http.StatusOK
		}
		if code != http.StatusOK || got != string(want) {
			t.Errorf("%s: %s is not what buoy build writes (%d):\n%s\nwant\n%s", step, rel, code, got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("%s: only %d pages compared", step, n)
	}
}

// What the server shows after each kind of edit is what `buoy build`
// writes for the same files: an incident's text, its title (which every
// list shows, the history's pages among them), an incident added, one
// deleted, the site's title in status.yaml. The history runs over two
// pages.
func TestServeMatchesBuild(t *testing.T) {
	dir := t.TempDir()
	ids := writeLargeRepo(t, dir, 35, 4)
	clock := time.Now().Truncate(time.Second)
	r := startAt(t, dir, func() time.Time { return clock })
	home := r.base + "/"
	await(t, home, "home page", contains("Large status"))
	sameAsBuild(t, r, dir, clock, "first")

	edit := func(id, old, new string) string {
		t.Helper()
		file := filepath.Join(dir, "incidents", id+".md")
		body := readFile(t, file)
		if !strings.Contains(body, old) {
			t.Fatalf("%s has no %q", file, old)
		}
		filetest.WriteFile(t, file, strings.Replace(body, old, new, 1))
		return r.base + "/incidents/" + id + "/"
	}
	page := edit(ids[20], "## Summary", "## Summary\n\nAn edited postmortem.")
	await(t, page, "edited text", contains("An edited postmortem."))
	sameAsBuild(t, r, dir, clock, "text")

	page = edit(ids[31], "title: Incident 31 ", "title: Renamed incident 31 ")
	await(t, page, "edited title", contains("Renamed incident 31"))
	sameAsBuild(t, r, dir, clock, "title")

	// An incident saved twice with the same size and times, and one
	// replaced by a file of the same size and times through a rename:
	// what a file's status tells (incident.Memo) does not hide them.
	sameStat := func(file, data string) {
		t.Helper()
		st, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		filetest.WriteFile(t, file, data)
		if err := os.Chtimes(file, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "incidents", ids[22]+".md")
	page = edit(ids[22], "title: Incident 22 ", "title: Incidenx 22 ")
	await(t, page, "first save", contains("Incidenx 22"))
	sameStat(file, strings.Replace(readFile(t, file), "title: Incidenx 22 ", "title: Incidenz 22 ", 1))
	await(t, page, "second save, same size and times", contains("Incidenz 22"))
	sameAsBuild(t, r, dir, clock, "same size and times")

	file = filepath.Join(dir, "incidents", ids[23]+".md")
	tmp := filepath.Join(dir, "replacement.tmp")
	filetest.WriteFile(t, tmp, strings.Replace(readFile(t, file), "title: Incident 23 ", "title: Incidenx 23 ", 1))
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	await(t, r.base+"/incidents/"+ids[23]+"/", "renamed over", contains("Incidenx 23"))
	sameAsBuild(t, r, dir, clock, "renamed over")

	added := strings.Replace(readFile(t, filepath.Join(dir, "incidents", ids[5]+".md")), "title: Incident 5 ", "title: An added incident ", 1)
	filetest.WriteFile(t, filepath.Join(dir, "incidents", ids[5]+"-again.md"), added)
	await(t, r.base+"/incidents/"+ids[5]+"-again/", "added incident", contains("An added incident"))
	sameAsBuild(t, r, dir, clock, "added")

	if err := os.Remove(filepath.Join(dir, "incidents", ids[10]+".md")); err != nil {
		t.Fatal(err)
	}
	await(t, r.base+"/incidents/"+ids[10]+"/", "deleted incident", func(code int, _ string) bool { return code == http.StatusNotFound })
	sameAsBuild(t, r, dir, clock, "deleted")

	cfg := filepath.Join(dir, "status.yaml")
	filetest.WriteFile(t, cfg, strings.Replace(readFile(t, cfg), "title: Large status", "title: Renamed status", 1))
	await(t, home, "new site title", contains("Renamed status"))
	sameAsBuild(t, r, dir, clock, "status.yaml")
	r.stop(t)
}
