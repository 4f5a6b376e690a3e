package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as buoy itself when re-executed with
// BUOY_AS_MAIN set, so tests run the real command as a separate process,
// and registers it as the `buoy` command of the testscript files.
func TestMain(m *testing.M) {
	if os.Getenv("BUOY_AS_MAIN") == "1" {
		main()
	}
	testscript.Main(m, map[string]func(){"buoy": main})
}

// TestInstalledBinaryBuilds copies the binary far from this repository, as
// `go install` would put it, and builds a status repository that has no
// theme of its own: the site must come out of the embedded theme.
func TestInstalledBinaryBuilds(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "bin", "buoy")
	copyFile(t, self, bin)

	site := t.TempDir()
	write(t, filepath.Join(site, "status.yaml"), "title: Example status\nbase_url: https://status.example.org/\n"+
		"components:\n  - {id: web, name: Web site}\n")
	write(t, filepath.Join(site, "incidents", "2026-01-02-outage.yaml"), "title: Web site down\ncomponents: [web]\n"+
		"impact: major\nstarted: 2026-01-02T10:00:00Z\nresolved: 2026-01-02T11:00:00Z\n")

	cmd := exec.Command(bin, "build")
	cmd.Dir = site
	cmd.Env = append(os.Environ(), "BUOY_AS_MAIN=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("buoy build: %v\n%s", err, out)
	}
	for _, f := range []string{"index.html", "incidents/2026-01-02-outage/index.html"} {
		data, err := os.ReadFile(filepath.Join(site, "public", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "Web site") {
			t.Errorf("%s does not name the component:\n%s", f, data)
		}
		if !strings.Contains(string(data), "stylesheet") {
			t.Errorf("%s links no stylesheet: the embedded theme was not used", f)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "themes")); !os.IsNotExist(err) {
		t.Errorf("the build wrote a themes folder into the repository: %v", err)
	}
}

func TestExitCodes(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	write(t, filepath.Join(site, "status.yaml"), "title: T\nbase_url: https://s.example.org/\ncomponents: []\nbogus: 1\n")
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"version"}, 0},
		{[]string{"check"}, 1},
		{[]string{"no-such-command"}, 2},
	} {
		cmd := exec.Command(self, tc.args...)
		cmd.Dir = site
		cmd.Env = append(os.Environ(), "BUOY_AS_MAIN=1")
		out, _ := cmd.CombinedOutput()
		if got := cmd.ProcessState.ExitCode(); got != tc.code {
			t.Errorf("buoy %v: exit %d, want %d\n%s", tc.args, got, tc.code, out)
		}
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
