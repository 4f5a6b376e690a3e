package scaffold

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/buoystatus/buoy/generator/config"
)

var update = flag.Bool("update", false, "rewrite this repository's .github files from the templates")

// root is buoy's own repository, whose workflows the templates also render.
const root = "../.."

// TestWorkflows keeps this repository's workflows and the ones `buoy init`
// writes from drifting apart: both come from the same templates.
func TestWorkflows(t *testing.T) {
	files, err := Workflows(Target{Source: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(workflowFiles) {
		t.Fatalf("%d files, want %d", len(files), len(workflowFiles))
	}
	golden(t, files, "TestWorkflows", "its template in generator/scaffold/templates/github")
}

// TestForms keeps this repository's issue forms those of its status.yaml,
// as buoy check wants them.
func TestForms(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, config.File))
	if err != nil {
		t.Fatal(err)
	}
	cfg, problems := config.Parse(config.File, data)
	if problems != nil {
		t.Fatal(problems)
	}
	files, err := Forms(cfg)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, files, "TestForms", "status.yaml")
}

// golden compares files with this repository's, or rewrites them with -update.
func golden(t *testing.T, files []File, test, source string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%v (run go test ./generator/scaffold -run %s -update)", err, test)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from %s: run go test ./generator/scaffold -run %s -update", f.Path, source, test)
		}
	}
}
