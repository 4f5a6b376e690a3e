package scaffold

import (
	"github.com/buoystatus/buoy/generator/status"
)

// AllComponents is the form option that stands for every component: the
// text in its last parentheses is the incident format's "*".
const AllComponents = "All components (*)"

// formFiles are the issue forms, as template names under templates/github;
// the output paths are under .github.
var formFiles = []string{
	"ISSUE_TEMPLATE/incident.yml",
	"ISSUE_TEMPLATE/maintenance.yml",
}

// Forms renders the GitHub issue forms for incidents and maintenance from
// status.yaml: one checkbox per component, in file order, each labelled
// "Name (id)", after AllComponents; times are asked in the site's zone.
// They change when the components or the timezone do, which is why `buoy
// check` compares them and `buoy forms` rewrites them.
func Forms(cfg *status.Config) ([]File, error) {
	options := []string{AllComponents}
	for _, c := range cfg.Components {
		options = append(options, c.Name+" ("+c.ID+")")
	}
	zone := cfg.Timezone
	if zone == "" {
		zone = "UTC"
	}
	hint := "YYYY-MM-DD HH:MM in " + zone + " (the site's timezone), or an RFC 3339 time with its offset."
	data := map[string]any{
		"Components":  options,
		"TimeHint":    hint,
		"StartedHint": hint + " Empty means when this issue was opened.",
		"Example":     "2026-01-31 14:05",
	}
	var out []File
	for _, name := range formFiles {
		b, err := render("github/"+name, data, "github/forms.tmpl")
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: ".github/" + name, Data: b})
	}
	return out, nil
}
