package view

import (
	"encoding/json"

	"github.com/buoystatus/buoy/generator/status"
)

// siteData is what every page needs of the whole site. It holds only what
// changes with the overall status, so that editing an incident leaves it
// byte for byte the same: every page depends on it.
type siteData struct {
	Overall overallData `json:"overall"`
	// Entries is set when buoy writes the entries of incidents in lists
	// (article.go), which the built-in entries.html then only marks.
	Entries bool `json:"entries,omitempty"`
}

// overallData is what the favicon shows.
type overallData struct {
	Indicator string `json:"indicator"`
	// Unverified is set when probes are declared but their data is stale
	// or missing: the tab must not show green then.
	Unverified bool `json:"unverified"`
}

// SiteData is the site data file, which the theme reads as hugo.Data.buoy;
// entries says buoy writes the entries of incidents in lists.
func SiteData(snap *status.Snapshot, entries bool) ([]byte, error) {
	d := siteData{Overall: overallData{Indicator: string(snap.Indicator)}, Entries: entries}
	if snap.Monitoring != nil && snap.Monitoring.Stale {
		for _, c := range snap.Config.Components {
			d.Overall.Unverified = d.Overall.Unverified || len(c.Probes) > 0
		}
	}
	return json.Marshal(d)
}
