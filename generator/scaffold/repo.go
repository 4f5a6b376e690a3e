package scaffold

import (
	"fmt"
	"time"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/history"
)

// Action is the GitHub action that installs a buoy release: the action.yml
// at the root of buoy's repository.
const Action = "buoystatus/buoy"

// DataBranch is the branch the probe workflow commits history to, so that
// main only changes when people change it.
const DataBranch = "status-data"

// HistoryDir is where buoy reads and appends probe history in a status
// repository; in CI it is a worktree of DataBranch.
const HistoryDir = "history"

// mainAttributes merges history files kept on the main branch (probes run
// by hand or by cron rather than by the workflow) by keeping both sides'
// lines, as history.GitAttributes does on the data branch.
const mainAttributes = HistoryDir + "/**/*" + history.Ext + " merge=union"

// Options shape a new status repository.
type Options struct {
	// Now dates the example incident.
	Now time.Time
	// Version is the buoy release the workflows install, the version of
	// the buoy writing them ("v1.2.3"); empty for a build that is not a
	// release: the workflows then install the newest release.
	Version string
}

// Repository returns the files of a new status repository: status.yaml
// with example components and probes, an example incident, the GitHub
// workflows and issue forms, .gitattributes, .gitignore and a README.
func Repository(opts Options) ([]File, error) {
	now := opts.Now.UTC().Truncate(time.Minute)
	started := now.Add(-3 * time.Hour)
	example := map[string]string{
		"Started":    started.Format(time.RFC3339),
		"Detected":   started.Add(7 * time.Minute).Format(time.RFC3339),
		"Identified": started.Add(25 * time.Minute).Format(time.RFC3339),
		"Resolved":   started.Add(48 * time.Minute).Format(time.RFC3339),
	}
	target := Target{Version: opts.Version}
	repo := map[string]any{
		"Title":      "Example status",
		"Version":    opts.Version,
		"DataBranch": DataBranch,
		"Attributes": mainAttributes,
		"HistoryDir": HistoryDir,
	}
	files := []struct {
		path, template string
		data           any
	}{
		{"status.yaml", "repo/status.yaml", nil},
		{"incidents/" + started.Format(time.DateOnly) + "-example.yaml", "repo/incident.yaml", example},
		{"README.md", "repo/README.md", repo},
		{".gitattributes", "repo/gitattributes", repo},
		{".gitignore", "repo/gitignore", repo},
	}
	var out []File
	for _, f := range files {
		data, err := render(f.template, f.data)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: f.path, Data: data})
	}
	workflows, err := Workflows(target)
	if err != nil {
		return nil, err
	}
	// The forms list the example components: read them as buoy check would.
	cfg, problems := config.Parse(config.File, out[0].Data)
	if problems != nil {
		return nil, fmt.Errorf("the scaffold's status.yaml: %w", problems)
	}
	forms, err := Forms(cfg)
	if err != nil {
		return nil, err
	}
	return append(append(out, workflows...), forms...), nil
}
