package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/repo"
)

func TestRepository(t *testing.T) {
	dir := t.TempDir()
	files, err := Repository(Options{Now: time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC), Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	r, err := repo.Load(dir, time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("a new repository does not pass buoy check: %v", err)
	}
	probed := 0
	for _, c := range r.Config.Components {
		if len(c.Probes) > 0 {
			probed++
		}
	}
	if probed < 2 || len(r.Incidents) != 1 {
		t.Errorf("%d probed components and %d incidents", probed, len(r.Incidents))
	}
	// The example is dated the day before: the scaffold is written at 01:00.
	if in := r.Incidents[0]; in.ID != "2026-11-21-example" || in.Resolved.IsZero() || in.Postmortem == "" {
		t.Errorf("example incident %+v", in)
	}
	for _, p := range []string{".gitattributes", ".gitignore", "README.md", ".github/workflows/probe.yml", ".github/workflows/check.yml", ".github/workflows/deploy.yml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	setup, _ := os.ReadFile(filepath.Join(dir, ".github/actions/setup-buoy/action.yml"))
	if !strings.Contains(string(setup), "default: v1.2.3\n") || !strings.Contains(string(setup), `go install "github.com/buoystatus/buoy/cmd/buoy@$VERSION"`) {
		t.Errorf("setup-buoy does not install the pinned release:\n%s", setup)
	}
	attrs, _ := os.ReadFile(filepath.Join(dir, ".gitattributes"))
	if !strings.Contains(string(attrs), "\nhistory/**/*.jsonl merge=union\n") {
		t.Errorf(".gitattributes:\n%s", attrs)
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"status.yaml": "mine", ".github/workflows/probe.yml": "mine too"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Repository(Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	err = Write(dir, files)
	var conflict *ConflictError
	if !errors.As(err, &conflict) || strings.Join(conflict.Paths, " ") != ".github/workflows/probe.yml status.yaml" {
		t.Fatalf("err = %v, want a conflict on both files", err)
	}
	var left []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			left = append(left, filepath.ToSlash(rel))
		}
		return nil
	})
	if strings.Join(left, " ") != ".github/workflows/probe.yml status.yaml" {
		t.Errorf("files after a refused write: %q", left)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "status.yaml")); string(data) != "mine" {
		t.Errorf("status.yaml overwritten: %q", data)
	}
}

func TestWriteFileInTheWay(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".github"), []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, []File{{"status.yaml", nil}, {".github/workflows/a.yml", nil}, {".github/workflows/b.yml", nil}})
	var conflict *ConflictError
	if !errors.As(err, &conflict) || strings.Join(conflict.Paths, " ") != ".github" {
		t.Fatalf("err = %v, want a conflict on .github alone", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "status.yaml")); err == nil {
		t.Error("status.yaml written despite the conflict")
	}
	if err := Write(filepath.Join(dir, ".github"), nil); err == nil {
		t.Error("writing into a file succeeded")
	}
}

// TestWorkflowTargets: the two kinds of repository share every workflow
// but differ in how they get buoy.
func TestWorkflowTargets(t *testing.T) {
	self, err := Workflows(Target{Source: true})
	if err != nil {
		t.Fatal(err)
	}
	user, err := Workflows(Target{Version: "v9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range self {
		a, b := withoutHeader(self[i].Data), withoutHeader(user[i].Data)
		same := a == b
		if want := !strings.HasSuffix(self[i].Path, "setup-buoy/action.yml"); same != want {
			t.Errorf("%s: same body for both targets is %v, want %v", self[i].Path, same, want)
		}
		if strings.Contains(string(user[i].Data), "[%") || strings.Contains(string(user[i].Data), "<no value>") {
			t.Errorf("%s: template residue", user[i].Path)
		}
	}
	if s := string(self[3].Data); !strings.Contains(s, "go build -trimpath") || strings.Contains(s, "go install") {
		t.Errorf("buoy's own repository must build from source:\n%s", s)
	}
}

func withoutHeader(b []byte) string {
	s := string(b)
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return s
}
