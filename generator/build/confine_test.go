//go:build unix

package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// secretText stands for /etc/passwd or the build's environment: no file of
// the site may hold it.
const secretText = "root:x:0:0:SECRET-OUTSIDE"

// historyFile is the month file the build at now reads for a component.
func historyFile(dir, component string) string {
	return filepath.Join(dir, "history", component, now.Format("2006-01")+".jsonl")
}

// siteHolds reports whether any file under dir contains s.
func siteHolds(t *testing.T, dir, s string) bool {
	t.Helper()
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), s) {
				found = true
			}
		}
		return nil
	})
	return found
}

// A layout, a static file, an i18n or asset file, a history file or
// folder that links outside the repository, or that is a named pipe, fails
// the build at its path before Hugo or the history reader sees it: the
// previous site stays, and nothing from outside is published.
func TestBuildRefusesFilesOutside(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, outside string)
		match string
	}{
		{"layout linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, outside, filepath.Join(dir, "layouts/home.html"))
		}, "layouts/home.html: a link leads outside the status repository"},
		{"layouts folder linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, filepath.Dir(outside), filepath.Join(dir, "layouts"))
		}, "layouts: a link leads outside the status repository"},
		{"static file linked to /proc/self/environ", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "/proc/self/environ", filepath.Join(dir, "static/env.txt"))
		}, "static/env.txt: a link leads outside the status repository"},
		{"static file linked outside, relative", func(t *testing.T, dir, outside string) {
			name := filepath.Join(dir, "static/deep/passwd.txt")
			rel, err := filepath.Rel(filepath.Dir(name), outside)
			if err != nil || !strings.HasPrefix(rel, "..") {
				t.Fatal(rel, err)
			}
			filetest.Symlink(t, rel, name)
		}, "static/deep/passwd.txt: a link leads outside the status repository"},
		{"static named pipe", func(t *testing.T, dir, outside string) {
			filetest.Mkfifo(t, filepath.Join(dir, "static/pipe.txt"))
		}, "static/pipe.txt: not a regular file but a named pipe (FIFO)"},
		{"i18n linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, outside, filepath.Join(dir, "i18n/en.yaml"))
		}, "i18n/en.yaml: a link leads outside the status repository"},
		{"asset linked to /dev/zero", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "/dev/zero", filepath.Join(dir, "assets/zero.css"))
		}, "assets/zero.css: a link leads outside the status repository"},
		{"history file linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, outside, historyFile(dir, "website"))
		}, "history/website/2024-05.jsonl: a link leads outside the history folder"},
		{"history file linked to /dev/zero", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "/dev/zero", historyFile(dir, "website"))
		}, "history/website/2024-05.jsonl: a link leads outside the history folder"},
		{"history file a named pipe", func(t *testing.T, dir, outside string) {
			filetest.Mkfifo(t, historyFile(dir, "website"))
		}, "history/website/2024-05.jsonl: not a regular file but a named pipe (FIFO)"},
		{"history folder linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, filepath.Dir(outside), filepath.Join(dir, "history"))
		}, "stat history: a link leads outside the status repository"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := sitetest.New(t, siteFiles, now)
			dir := s.Dir
			outside := filepath.Join(t.TempDir(), "outside", "passwd")
			filetest.WriteFile(t, outside, `{"t":"2024-05-01T10:00:00Z","c":"website","p":"home","o":"up","ms":1,"r":"`+secretText+`"}`+"\n")
			out := s.Build().Out
			before := treeHash(t, out)

			tc.setup(t, dir, outside)
			start := time.Now()
			err := s.BuildE()
			took := time.Since(start)
			if err == nil {
				t.Fatal("build succeeded")
			}
			if !strings.Contains(err.Error(), tc.match) {
				t.Errorf("error %q does not mention %q", err, tc.match)
			}
			if strings.Contains(err.Error(), dir) {
				t.Errorf("error %q names the file by its full path, not the repository's", err)
			}
			if after := treeHash(t, out); after != before {
				t.Error("the previous site changed")
			}
			if siteHolds(t, dir, "SECRET-OUTSIDE") {
				t.Error("a file outside the repository was copied into it")
			}
			t.Logf("refused in %s", took)
		})
	}
}

// Links that stay inside the repository keep working, for layouts, static
// files and history alike.
func TestBuildFollowsLinksInside(t *testing.T) {
	s := sitetest.New(t, siteFiles, now)
	dir := s.Dir
	s.WriteFile("shared/home.html", "{{ define \"main\" }}<p>LINKED-LAYOUT</p>{{ end }}\n")
	s.WriteFile("shared/note.txt", "LINKED-STATIC\n")
	filetest.Symlink(t, "../shared/home.html", filepath.Join(dir, "layouts/home.html"))
	filetest.Symlink(t, "../shared/note.txt", filepath.Join(dir, "static/note.txt"))
	// A linked folder is not followed (a walk could loop), nor refused.
	filetest.Symlink(t, "../shared", filepath.Join(dir, "static/more"))
	s.Build()
	s.AssertFileContent("index.html", "LINKED-LAYOUT")
	s.AssertFileContent("note.txt", "LINKED-STATIC")
}
