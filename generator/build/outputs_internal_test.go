package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitefile"
)

func TestWriteOutputs(t *testing.T) {
	tests := []struct {
		name    string
		outputs []map[string][]byte
		wantErr string
	}{
		{"nested paths", []map[string][]byte{{"api/v2/status.json": []byte("{}")}, {"badge/a.svg": []byte("<svg/>")}}, ""},
		{"escapes the site", []map[string][]byte{{"../evil": nil}}, "not a clean path"},
		{"absolute", []map[string][]byte{{"/etc/x": nil}}, "not a clean path"},
		{"unclean", []map[string][]byte{{"api//x.json": nil}}, "not a clean path"},
		{"two generators", []map[string][]byte{{"rss.xml": nil}, {"rss.xml": nil}}, "written by two generators"},
		{"replaces a page", []map[string][]byte{{"index.html": nil}}, "already has this file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tree, err := sitefile.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tree.Write("index.html", []byte("page"), nil); err != nil {
				t.Fatal(err)
			}
			err = writeOutputs(tc.outputs, tree)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(dir, "api", "v2", "status.json"))
				if err != nil || string(b) != "{}" {
					t.Errorf("api/v2/status.json = %q, %v", b, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "page" {
				t.Error("the page was overwritten")
			}
		})
	}
}

func TestSwapWithRenames(t *testing.T) {
	parent := t.TempDir()
	tmp, out := filepath.Join(parent, "tmp"), filepath.Join(parent, "out")
	for dir, content := range map[string]string{tmp: "new", out: "old"} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, err := swapByRenames(tmp, out)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "new" {
		t.Errorf("out holds %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(old, "index.html")); string(b) != "old" {
		t.Errorf("the previous site at %s holds %q", old, b)
	}
	if err := removeTree(old); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Errorf("left behind: %v", entries)
	}
}
