//go:build unix

package repo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/filetest"
)

const (
	validConfig   = "title: T\nbase_url: https://s.example/\ncomponents: [{id: a, name: A}]\n"
	validIncident = "title: x\ncomponents: [a]\nimpact: minor\nstarted: 2020-01-01T00:00:00Z\nresolved: 2020-01-01T01:00:00Z\n"
)

// site writes a valid repository with one incident and, beside it, a
// file standing in for /etc/passwd.
func site(t *testing.T) (dir, outside string) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "repo")
	outside = filepath.Join(base, "passwd")
	filetest.WriteFile(t, outside, validIncident)
	filetest.WriteFile(t, filepath.Join(dir, "status.yaml"), validConfig)
	filetest.WriteFile(t, filepath.Join(dir, "incidents/2020-01-01-ok.yaml"), validIncident)
	return dir, outside
}

// Each file a repository links to outside itself, or that is not a
// regular file, or too large, is a problem at its own path; none is read
// (a named pipe or /dev/zero would hang or fill the memory).
func TestLoadRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, outside string)
		want  string
	}{
		{"incident linked outside", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, outside, filepath.Join(dir, "incidents/2020-01-02-x.yaml"))
		}, "incidents/2020-01-02-x.yaml: cannot read: open incidents/2020-01-02-x.yaml: a link leads outside the status repository"},
		{"incident linked outside, relative", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "../../passwd", filepath.Join(dir, "incidents/2020-01-02-x.yaml"))
		}, "incidents/2020-01-02-x.yaml: cannot read: open incidents/2020-01-02-x.yaml: a link leads outside the status repository"},
		{"incident linked to /proc/self/environ", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "/proc/self/environ", filepath.Join(dir, "incidents/2020-01-02-x.yaml"))
		}, "incidents/2020-01-02-x.yaml: cannot read: open incidents/2020-01-02-x.yaml: a link leads outside the status repository"},
		{"incident linked to /dev/zero", func(t *testing.T, dir, outside string) {
			filetest.Symlink(t, "/dev/zero", filepath.Join(dir, "incidents/x.yaml"))
		}, "incidents/x.yaml: cannot read: open incidents/x.yaml: a link leads outside the status repository"},
		{"incidents folder linked outside", func(t *testing.T, dir, outside string) {
			os.RemoveAll(filepath.Join(dir, "incidents"))
			filetest.WriteFile(t, filepath.Join(filepath.Dir(dir), "elsewhere/2020-01-02-x.yaml"), validIncident)
			filetest.Symlink(t, "../elsewhere", filepath.Join(dir, "incidents"))
		}, "incidents: cannot read: stat incidents: a link leads outside the status repository"},
		{"status.yaml linked outside", func(t *testing.T, dir, outside string) {
			filetest.WriteFile(t, outside, validConfig)
			os.Remove(filepath.Join(dir, "status.yaml"))
			filetest.Symlink(t, outside, filepath.Join(dir, "status.yaml"))
		}, "status.yaml: a link leads outside the status repository"},
		{"named pipe", func(t *testing.T, dir, outside string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "incidents/2020-01-02-x.yaml"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "incidents/2020-01-02-x.yaml: cannot read: open incidents/2020-01-02-x.yaml: not a regular file but a named pipe (FIFO)"},
		{"status.yaml a named pipe", func(t *testing.T, dir, outside string) {
			os.Remove(filepath.Join(dir, "status.yaml"))
			if err := syscall.Mkfifo(filepath.Join(dir, "status.yaml"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "status.yaml: not a regular file but a named pipe (FIFO)"},
		{"incident over 1 MiB", func(t *testing.T, dir, outside string) {
			filetest.WriteFile(t, filepath.Join(dir, "incidents/2020-01-02-x.yaml"), validIncident+"# "+strings.Repeat("x", 1<<20)+"\n")
		}, "incidents/2020-01-02-x.yaml: cannot read: open incidents/2020-01-02-x.yaml: 1048679 bytes, over the limit of 1 MiB"},
		{"status.yaml over 1 MiB", func(t *testing.T, dir, outside string) {
			filetest.WriteFile(t, filepath.Join(dir, "status.yaml"), validConfig+"# "+strings.Repeat("x", 1<<20)+"\n")
		}, "status.yaml: 1048648 bytes, over the limit of 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, outside := site(t)
			tt.setup(t, dir, outside)
			_, err := Load(dir, time.Now())
			var problems diag.List
			if !errors.As(err, &problems) {
				t.Fatalf("err = %v, want a diag.List", err)
			}
			got := strings.TrimSpace(problems.Error())
			if !strings.HasPrefix(got, tt.want) || strings.Count(got, "\n") > 0 {
				t.Errorf("got  %s\nwant %s…", got, tt.want)
			}
		})
	}
}

// Links that stay inside the repository are read as before.
func TestLoadFollowsLinksInside(t *testing.T) {
	dir, _ := site(t)
	filetest.WriteFile(t, filepath.Join(dir, "shared/config.yaml"), validConfig)
	os.Remove(filepath.Join(dir, "status.yaml"))
	filetest.Symlink(t, "shared/config.yaml", filepath.Join(dir, "status.yaml"))
	filetest.WriteFile(t, filepath.Join(dir, "drafts/2020-02-01-y.yaml"), validIncident)
	filetest.Symlink(t, "../drafts/2020-02-01-y.yaml", filepath.Join(dir, "incidents/2020-02-01-y.yaml"))
	r, err := Load(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incidents) != 2 {
		t.Errorf("%d incidents, want 2", len(r.Incidents))
	}

	// A linked incidents folder too.
	os.RemoveAll(filepath.Join(dir, "incidents"))
	filetest.Symlink(t, "drafts", filepath.Join(dir, "incidents"))
	if r, err = Load(dir, time.Now()); err != nil || len(r.Incidents) != 1 {
		t.Errorf("linked incidents folder: %v, %v", r, err)
	}
}
