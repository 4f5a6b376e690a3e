package scaffold

import (
	"fmt"
	"regexp"
)

// Target says which kind of repository the workflows are for.
type Target struct {
	// Source builds buoy from the repository's own source: buoy's own
	// repository, whose example site is a status repository too.
	Source bool
	// Version is the buoy release a status repository's workflows install
	// ("v1.2.3"): the version of the buoy that writes them. Empty when that
	// buoy is not a release: the workflows then install the newest one.
	Version string
}

// versionRE is what a release tag looks like: it is written into YAML and
// into the action reference unquoted.
var versionRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// sourceOnly is the GitHub file only buoy's own repository has.
const sourceOnly = "actions/setup-buoy/action.yml"

// workflowFiles are the GitHub files, as template names under
// templates/github; the output paths are under .github.
var workflowFiles = []string{
	"workflows/probe.yml",
	"workflows/check.yml",
	"workflows/deploy.yml",
	"workflows/issue.yml",
	"actions/setup-buoy/action.yml",
	"actions/history/action.yml",
}

// Workflows renders the GitHub Actions workflows and the local actions
// they use, with paths such as .github/workflows/probe.yml.
func Workflows(t Target) ([]File, error) {
	if t.Version != "" && !versionRE.MatchString(t.Version) {
		return nil, fmt.Errorf("buoy version %q is not a release tag (vX.Y.Z)", t.Version)
	}
	data := map[string]any{
		"Source":     t.Source,
		"Version":    t.Version,
		"Action":     Action,
		"DataBranch": DataBranch,
		"HistoryDir": HistoryDir,
	}
	var out []File
	for _, name := range workflowFiles {
		if name == sourceOnly && !t.Source {
			continue
		}
		b, err := render("github/"+name, data, "github/header.tmpl")
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: ".github/" + name, Data: b})
	}
	return out, nil
}
