package scaffold

import (
	"errors"
	"os"
	"os/exec"
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
	for _, p := range []string{".gitattributes", ".gitignore", "README.md", ".github/workflows/probe.yml", ".github/workflows/check.yml", ".github/workflows/deploy.yml", ".github/workflows/issue.yml", ".github/ISSUE_TEMPLATE/incident.yml", ".github/ISSUE_TEMPLATE/maintenance.yml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	// The forms list the example components, all of them first.
	form, _ := os.ReadFile(filepath.Join(dir, ".github/ISSUE_TEMPLATE/incident.yml"))
	var options []string
	for _, c := range r.Config.Components {
		options = append(options, "        - label: "+c.Name+" ("+c.ID+")\n")
	}
	if want := "        - label: All components (*)\n" + strings.Join(options, ""); !strings.Contains(string(form), want) {
		t.Errorf("incident form lacks\n%s\nin\n%s", want, form)
	}
	for _, name := range []string{"probe.yml", "check.yml", "deploy.yml", "issue.yml"} {
		wf, _ := os.ReadFile(filepath.Join(dir, ".github/workflows", name))
		if !strings.Contains(string(wf), "\n      - uses: buoystatus/buoy@v1.2.3\n") || strings.Contains(string(wf), "go install") || strings.Contains(string(wf), "setup-go") {
			t.Errorf("%s does not install the release that wrote it:\n%s", name, wf)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".github/actions/setup-buoy")); err == nil {
		t.Error("a status repository got buoy's own setup-buoy action, which builds from source")
	}
	ignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	for _, p := range []string{"/public/", "/.public.prev/", "/.public.tmp-*/", "/.public.old-*/", "/.public.del-*/", "/history/", ".buoy-*/", "/.history-tmp/", "/dist/"} {
		if !strings.Contains("\n"+string(ignore), "\n"+p+"\n") {
			t.Errorf(".gitignore lacks %s:\n%s", p, ignore)
		}
	}
	// What buoy and its scripts leave in a status repository, as git sees it.
	if _, err := exec.LookPath("git"); err == nil {
		if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
			t.Fatalf("git init: %v\n%s", err, out)
		}
		for _, p := range []string{"history/web/2026-11.jsonl", "history/deploys.jsonl", "public/index.html", ".public.prev/index.html", ".public.tmp-123/a", ".public.old-4/a", ".public.del-5/a", ".buoy-example-history/web/2026-11.jsonl", ".history-tmp/a", "dist/buoy.tar.gz"} {
			if err := exec.Command("git", "-C", dir, "check-ignore", "-q", p).Run(); err != nil {
				t.Errorf("git does not ignore %s: %v", p, err)
			}
		}
		for _, p := range []string{"status.yaml", "incidents/2026-11-22-x.yaml", "layouts/index.html", "static/logo.svg", ".github/workflows/probe.yml"} {
			if exec.Command("git", "-C", dir, "check-ignore", "-q", p).Run() == nil {
				t.Errorf("git ignores %s", p)
			}
		}
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
// but differ in how they get buoy: buoy's own builds it from source, a
// status repository installs the release that wrote it, or the newest one
// when a development build wrote it.
func TestWorkflowTargets(t *testing.T) {
	self := rendered(t, Target{Source: true})
	release := rendered(t, Target{Version: "v9.9.9"})
	devel := rendered(t, Target{})
	if _, ok := self[".github/actions/setup-buoy/action.yml"]; !ok || len(release) != len(self)-1 || len(devel) != len(release) {
		t.Fatalf("%d files for buoy's repository, %d and %d for status repositories; only buoy's has setup-buoy", len(self), len(release), len(devel))
	}
	installs := map[string]string{
		"self":    "\n      - uses: ./.github/actions/setup-buoy\n",
		"release": "\n      - uses: buoystatus/buoy@v9.9.9\n",
		"devel":   "\n      - uses: buoystatus/buoy@main\n        with:\n          version: latest\n",
	}
	for path := range release {
		for name, files := range map[string]map[string]File{"self": self, "release": release, "devel": devel} {
			s := string(files[path].Data)
			if strings.Contains(s, "[%") || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s: template residue", name, path)
			}
			if name != "self" && (strings.Contains(s, "go install") || strings.Contains(s, "setup-go") || strings.Contains(s, "setup-buoy")) {
				t.Errorf("%s %s: a status repository must not need Go:\n%s", name, path, s)
			}
			if strings.HasPrefix(path, ".github/workflows/") && strings.Count(s, "\n      - uses: "+map[bool]string{true: "./.github/actions/setup-buoy", false: "buoystatus/buoy@"}[name == "self"]) != 1 {
				t.Errorf("%s %s does not get buoy once", name, path)
			}
			if strings.HasPrefix(path, ".github/workflows/") && !strings.Contains(s, installs[name]) {
				t.Errorf("%s %s lacks %q:\n%s", name, path, installs[name], s)
			}
		}
	}
	if s := string(self[".github/actions/setup-buoy/action.yml"].Data); !strings.Contains(s, "go build -trimpath") || strings.Contains(s, "go install") {
		t.Errorf("buoy's own repository must build from source:\n%s", s)
	}
	if _, err := Workflows(Target{Version: "v1.2.3\nname: x"}); err == nil {
		t.Error("a version that is not a release tag was written into the workflows")
	}
}

func withoutHeader(b []byte) string {
	s := string(b)
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return s
}
