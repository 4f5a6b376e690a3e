// Package badge writes status badges: an SVG per component and one for the
// whole site, to embed in READMEs and dashboards, and the same information
// as shields.io endpoint JSON, for those who style their badges there.
package badge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Paths: the site's badge sits at the root, beside the badge/ folder of the
// components' ones, so it cannot clash with a component id.
const (
	SiteSVG  = "badge.svg"
	SiteJSON = "badge.json"
	Dir      = "badge/"
)

// Badge is what one badge says.
type Badge struct {
	Label   string
	Message string
	// Color is a shields.io named color; Hex is the same color for the SVG.
	Color, Hex string
}

// look is how a state shows on a badge: shields.io's color. Its words are
// badge_<state> in the theme's i18n files.
type look struct{ color, hex string }

var looks = map[status.ComponentStatus]look{
	status.Operational:         {"brightgreen", "#4c1"},
	status.DegradedPerformance: {"yellow", "#dfb317"},
	status.PartialOutage:       {"orange", "#fe7d37"},
	status.MajorOutage:         {"red", "#e05d44"},
	status.UnderMaintenance:    {"blue", "#007ec6"},
}

// indicatorState gives the page indicator the look of the component state it stands for.
var indicatorState = map[status.Indicator]status.ComponentStatus{
	status.IndicatorNone:        status.Operational,
	status.IndicatorMinor:       status.DegradedPerformance,
	status.IndicatorMajor:       status.PartialOutage,
	status.IndicatorCritical:    status.MajorOutage,
	status.IndicatorMaintenance: status.UnderMaintenance,
}

// ForComponent is the badge of a component in the state the home page
// shows, its message in w's language.
func ForComponent(c status.Component, st status.ComponentStatus, w words.Words) Badge {
	return of(c.Name, st, w)
}

// ForSite is the badge of the whole site, labelled with its title.
func ForSite(cfg *status.Config, i status.Indicator, w words.Words) Badge {
	return of(cfg.Title, indicatorState[i], w)
}

func of(label string, st status.ComponentStatus, w words.Words) Badge {
	l, ok := looks[st]
	if !ok {
		st, l = status.Operational, looks[status.Operational]
	}
	return Badge{Label: label, Message: w.T("badge_"+string(st), nil), Color: l.color, Hex: l.hex}
}

// Files returns the badges of the site and of every component, keyed by
// path relative to the site root, their words the built-in theme's.
func Files(s *status.Snapshot) (map[string][]byte, error) { return badgeFiles(s, words.Builtin()) }

// FilesIn is Files with the words of b, in the site's language.
func FilesIn(b *words.Book) func(*status.Snapshot) (map[string][]byte, error) {
	return func(s *status.Snapshot) (map[string][]byte, error) { return badgeFiles(s, b) }
}

func badgeFiles(s *status.Snapshot, b *words.Book) (map[string][]byte, error) {
	w := b.In(s.Config.Language)
	out := map[string][]byte{}
	add := func(svgPath, jsonPath, id string, b Badge) error {
		out[svgPath] = SVG(b, id)
		j, err := Endpoint(b)
		if err != nil {
			return fmt.Errorf("%s: %w", jsonPath, err)
		}
		out[jsonPath] = j
		return nil
	}
	if err := add(SiteSVG, SiteJSON, "site", ForSite(s.Config, s.Indicator, w)); err != nil {
		return nil, err
	}
	for _, c := range s.Config.Components {
		b := ForComponent(c, s.States[c.ID], w)
		if since := s.ProbeSince(c.ID); !since.IsZero() {
			b.Message += " " + w.T("since", map[string]any{"Time": sinceText(since, s.Now, s.Config.Loc())})
		}
		if err := add(Dir+c.ID+".svg", Dir+c.ID+".json", c.ID, b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// endpoint is the shields.io endpoint badge schema (the fields buoy sets).
type endpoint struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	// CacheSeconds asks shields.io to refetch after five minutes, its
	// minimum, so the badge follows the page closely.
	CacheSeconds int `json:"cacheSeconds"`
}

// Endpoint renders b for https://shields.io/badges/endpoint-badge.
func Endpoint(b Badge) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(endpoint{SchemaVersion: 1, Label: b.Label, Message: b.Message, Color: b.Color, CacheSeconds: 300})
	return buf.Bytes(), err
}

// sinceText is when a probe-found problem began, short enough for a
// badge, in the site's zone: the clock time within a day, else the date.
func sinceText(t, now time.Time, loc *time.Location) string {
	local := t.In(loc)
	if now.Sub(t) < 24*time.Hour {
		return local.Format("15:04 MST")
	}
	return local.Format("Jan 2 15:04 MST")
}
