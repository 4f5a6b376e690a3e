package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/scaffold"
	"github.com/buoystatus/buoy/generator/status"
)

var formsCommand = command{
	usage:   "forms [-C DIR]",
	summary: "rewrite the GitHub issue forms from status.yaml's components",
	run:     runForms,
}

func runForms(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("forms")
	dir := dirFlag(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("forms takes no arguments, got %q", rest)
	}
	root := env.abs(*dir)
	cfg, err := loadConfig(root)
	if err != nil {
		return report(env, err, "text")
	}
	files, err := scaffold.Forms(cfg)
	if err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range files {
		if err := replace(r, f); err != nil {
			return fmt.Errorf("write %s: %w", safetext.Printable(f.Path), err)
		}
		fmt.Fprintf(env.Stdout, "wrote %s\n", f.Path)
	}
	return nil
}

// replace writes a file inside the repository through a temporary file
// renamed over it: a reader never sees half a form, and a link standing
// at its path is replaced rather than followed out of the repository.
func replace(r *os.Root, f scaffold.File) error {
	if err := r.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
		return err
	}
	tmp := f.Path + ".buoy-tmp"
	if err := r.WriteFile(tmp, f.Data, 0o644); err != nil {
		return err
	}
	if err := r.Rename(tmp, f.Path); err != nil {
		r.Remove(tmp)
		return err
	}
	return nil
}

// staleForms reports each issue form that exists in the repository but is
// not what status.yaml makes of it now, at its first differing line. A
// repository without forms has nothing to report: they are optional.
func staleForms(root string, cfg *status.Config) error {
	files, err := scaffold.Forms(cfg)
	if err != nil {
		return err
	}
	dir, err := confine.Open(root, "the status repository")
	if err != nil {
		return err
	}
	defer dir.Close()
	fsys := dir.FS(confine.MaxYAML)
	var problems diag.List
	for _, f := range files {
		have, err := fsys.ReadFile(f.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if refused := confine.Reason(err); refused != nil {
			problems.Add(f.Path, 0, 0, "%s", refused.Error())
			continue
		}
		if err != nil {
			return err
		}
		if !bytes.Equal(have, f.Data) {
			problems.Add(f.Path, firstDiff(have, f.Data), 0, "out of date with status.yaml (its components or timezone changed): run buoy forms to rewrite it")
		}
	}
	return problems.Err()
}

// firstDiff is the 1-based number of the first line where a and b differ.
func firstDiff(a, b []byte) int {
	line := 1
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '\n' {
			line++
		}
	}
	return line
}
