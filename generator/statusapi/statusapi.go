// Package statusapi writes api/v2/, a static copy of the Atlassian
// Statuspage public API v2, so that existing Statuspage clients can read a
// buoy site. Component states are the Snapshot's, the ones the home page
// shows; ids are buoy's own (incident file stems, component ids).
package statusapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Dir is where the API lives in the site.
const Dir = "api/v2/"

// MaxListed bounds incidents.json and scheduled-maintenances.json, as
// Statuspage does: they list the 50 most recent.
const MaxListed = 50

// Files returns the API's files, keyed by path relative to the site root,
// their words the built-in theme's.
func Files(s *status.Snapshot) (map[string][]byte, error) { return apiFiles(s, words.Builtin()) }

// FilesIn is Files with the words of b, in the site's language.
func FilesIn(b *words.Book) func(*status.Snapshot) (map[string][]byte, error) {
	return func(s *status.Snapshot) (map[string][]byte, error) { return apiFiles(s, b) }
}

func apiFiles(s *status.Snapshot, b *words.Book) (map[string][]byte, error) {
	a := newAPI(s)
	components := a.components()
	all := a.incidents(nonMaintenance(s), MaxListed)
	unresolved := a.incidents(s.Active(), 0)
	upcoming := a.maintenances(s.Maintenance(status.PhaseUpcoming), 0)
	active := a.maintenances(s.Maintenance(status.PhaseInProgress), 0)
	st := Status{Indicator: string(s.Indicator), Description: describe(b.In(s.Config.Language), s)}

	docs := map[string]any{
		"summary.json": Summary{
			Page:                  a.page,
			Components:            components,
			Incidents:             unresolved,
			ScheduledMaintenances: append(append([]ScheduledMaintenance{}, active...), upcoming...),
			Status:                st,
		},
		"status.json":                          StatusResponse{Page: a.page, Status: st},
		"components.json":                      ComponentsResponse{Page: a.page, Components: components},
		"incidents.json":                       IncidentsResponse{Page: a.page, Incidents: all},
		"incidents/unresolved.json":            IncidentsResponse{Page: a.page, Incidents: unresolved},
		"scheduled-maintenances.json":          MaintenancesResponse{Page: a.page, ScheduledMaintenances: a.maintenances(maintenance(s), MaxListed)},
		"scheduled-maintenances/upcoming.json": MaintenancesResponse{Page: a.page, ScheduledMaintenances: upcoming},
		"scheduled-maintenances/active.json":   MaintenancesResponse{Page: a.page, ScheduledMaintenances: active},
	}
	out := make(map[string][]byte, len(docs))
	for name, doc := range docs {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return nil, fmt.Errorf("%s%s: %w", Dir, name, err)
		}
		out[Dir+name] = buf.Bytes()
	}
	return out, nil
}

// describe words the indicator as Statuspage does, in the site's language.
// With nothing wrong but probe data stale or missing, it says what the
// page's headline says: no incident reported, nothing confirmed.
func describe(w words.Words, s *status.Snapshot) string {
	i := s.Indicator
	if i == status.IndicatorNone && unverified(s) && w.Has("indicator_unverified") {
		return w.T("indicator_unverified", nil)
	}
	key := "apiStatus_" + string(i)
	if !w.Has(key) {
		key = "apiStatus_" + string(status.IndicatorNone)
	}
	return w.T(key, nil)
}

// unverified is whether probes are declared but their data is stale or
// missing, as the home page's headline and favicon decide it.
func unverified(s *status.Snapshot) bool {
	if s.Monitoring == nil || !s.Monitoring.Stale {
		return false
	}
	for _, c := range s.Config.Components {
		if len(c.Probes) > 0 {
			return true
		}
	}
	return false
}

// PageID is the page's id: Statuspage ids are opaque strings, and this one
// only has to stay the same for as long as the site keeps its address.
func PageID(baseURL string) string {
	sum := sha256.Sum256([]byte(baseURL))
	return hex.EncodeToString(sum[:])[:12]
}

func nonMaintenance(s *status.Snapshot) []*status.Incident {
	var out []*status.Incident
	for i := range s.Incidents {
		if !s.Incidents[i].IsMaintenance() {
			out = append(out, &s.Incidents[i])
		}
	}
	return out
}

func maintenance(s *status.Snapshot) []*status.Incident {
	var out []*status.Incident
	for i := range s.Incidents {
		if s.Incidents[i].IsMaintenance() {
			out = append(out, &s.Incidents[i])
		}
	}
	return out
}
