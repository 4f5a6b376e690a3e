package incident

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
)

// ReadDir reads every incident file under incidents/ in fsys (the status
// repository), in sub-folders too. A missing folder means no incident.
// It reports every problem of every file, not only the first.
func ReadDir(fsys fs.FS, cfg *status.Config) ([]status.Incident, diag.List) {
	var problems diag.List
	var out []status.Incident
	byID := map[string]string{}
	err := fs.WalkDir(fsys, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == Dir {
				return fs.SkipDir
			}
			problems.Add(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		name := e.Name()
		if strings.HasPrefix(name, ".") && p != Dir {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() || skip(name) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			problems.Add(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		in, ps := Parse(p, data, cfg)
		problems = append(problems, ps...)
		if in == nil {
			return nil
		}
		if other, dup := byID[in.ID]; dup {
			problems.Add(p, 0, 0, "duplicate incident id %q: %s has the same name", in.ID, other)
			return nil
		}
		byID[in.ID] = p
		out = append(out, *in)
		return nil
	})
	if err != nil {
		problems.Add(Dir, 0, 0, "cannot read: %v", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	problems.Sort()
	return out, problems
}

// skip leaves out files that are not incidents but commonly sit beside
// them; any other stray file is reported so that a misnamed incident is
// never silently ignored.
func skip(name string) bool {
	switch strings.ToLower(name) {
	case "readme.md", "readme", "license", ".gitkeep":
		return true
	}
	return path.Ext(name) == ".txt"
}
