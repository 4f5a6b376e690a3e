package render

import (
	"errors"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/common/herrors"
	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
)

// CheckTemplates loads the templates a build of cfg's site would use (the
// repository's layouts/ over its themes/<theme>/ or the built-in theme)
// through Hugo, which parses every one of them, and renders nothing. Their
// errors come back as a diag.List located in the status repository dir.
func CheckTemplates(cfg *status.Config, dir string) error {
	proj, err := newProject(cfg, Options{Dir: dir, Log: io.Discard})
	if err != nil {
		return err
	}
	hugoMu.Lock()
	defer hugoMu.Unlock()
	sites, _, err := proj.openSites(io.Discard, false)
	if err != nil {
		return proj.hugoError(err)
	}
	return sites.Close()
}

// hugoError turns Hugo's errors in the files of the project (templates,
// translations) into problems at their place in the status repository,
// as repository-relative path:line:col; an error in no such file keeps
// Hugo's message, its paths mapped by cleanPaths.
func (p *project) hugoError(err error) error {
	var problems diag.List
	seen := map[string]bool{}
	for _, fe := range herrors.UnwrapFileErrors(err) {
		if len(herrors.UnwrapFileErrors(errors.Unwrap(fe))) > 0 {
			// A template calling the one at fault: the inner error
			// names the place to fix.
			continue
		}
		pos := fe.Position()
		rel, ok := strings.CutPrefix(pos.Filename, workDir+"/")
		if !ok || strings.HasPrefix(rel, "content/") {
			continue
		}
		cause := herrors.Cause(fe).Error()
		line, col := pos.LineNumber, pos.ColumnNumber
		if m := templatePrefixRE.FindStringSubmatch(cause); m != nil {
			cause = "template: " + cause[len(m[0]):]
			// Hugo names the base template for an error in a template
			// applied to it; Go's message names the right one.
			if name := m[1]; rel != "layouts/"+name && !strings.HasSuffix(rel, "/layouts/"+name) {
				if found := p.layoutFile(name); found != "" {
					rel = found
					line, _ = strconv.Atoi(m[2])
					col, _ = strconv.Atoi(m[3])
					col = max(col, 1)
				}
			}
		}
		msg := cause
		if strings.HasPrefix(rel, path.Join("themes", p.theme)+"/") && p.themeSrc == "" {
			msg += builtInNote
		}
		pr := diag.Problem{Path: rel, Line: line, Col: col, Msg: msg}
		if !seen[pr.String()] {
			seen[pr.String()] = true
			problems = append(problems, pr)
		}
	}
	if len(problems) == 0 {
		return p.cleanPaths(err)
	}
	return problems.Err()
}

// builtInNote ends the message of a problem in the built-in theme.
const builtInNote = " (in buoy's built-in theme: please report it)"

// templatePrefixRE matches the name and position Go's template package
// puts before its messages, which the problem's own place replaces.
var templatePrefixRE = regexp.MustCompile(`^template: ([^:\s]+):(\d+)(?::(\d+))?: `)

// layoutFile finds the file of the template name (home.html,
// _partials/footer.html) as Hugo would, the repository's layouts/ first,
// relative to the project; "" when there is none.
func (p *project) layoutFile(name string) string {
	for _, rel := range []string{path.Join("layouts", name), path.Join("themes", p.theme, "layouts", name)} {
		if ok, _ := afero.Exists(p.fs, path.Join(workDir, rel)); ok {
			return rel
		}
	}
	return ""
}
