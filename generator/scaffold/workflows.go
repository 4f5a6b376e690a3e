package scaffold

import (
	"strings"
)

// Target says which kind of repository the workflows are for.
type Target struct {
	// Source builds buoy from the repository's own source: buoy's own
	// repository, whose example site is a status repository too. Otherwise
	// the workflows install the release Version.
	Source  bool
	Version string
}

// workflowFiles are the GitHub files both kinds of repository share, as
// template names under templates/github; the output paths are under .github.
var workflowFiles = []string{
	"workflows/probe.yml",
	"workflows/check.yml",
	"workflows/deploy.yml",
	"actions/setup-buoy/action.yml",
	"actions/history/action.yml",
}

// Workflows renders the GitHub Actions workflows and the local actions
// they use, with paths such as .github/workflows/probe.yml.
func Workflows(t Target) ([]File, error) {
	if t.Version == "" {
		t.Version = Release
	}
	data := map[string]any{
		"Source":     t.Source,
		"Version":    t.Version,
		"Module":     Module,
		"DataBranch": DataBranch,
		"HistoryDir": HistoryDir,
	}
	var out []File
	for _, name := range workflowFiles {
		b, err := render("github/"+name, data, "github/header.tmpl")
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: ".github/" + name, Data: b})
	}
	return out, nil
}

// IsRelease reports whether v names a release `go install` can fetch
// (v1.2.3), not a development build or a pseudo-version.
func IsRelease(v string) bool {
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	if !strings.HasPrefix(v, "v") || len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" || (len(p) > 1 && p[0] == '0') {
			return false
		}
	}
	return true
}
