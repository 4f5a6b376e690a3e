package scaffold

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
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
			t.Errorf("%v (run go test ./generator/scaffold -run TestWorkflows -update)", err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from its template in generator/scaffold/templates/github: edit the template and run go test ./generator/scaffold -run TestWorkflows -update", f.Path)
		}
	}
}
