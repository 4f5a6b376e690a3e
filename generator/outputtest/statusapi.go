package outputtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
)

// The types below mirror the fields Statuspage documents for its public
// API v2 (and that its pages serve), written from that documentation
// rather than from generator/statusapi's types, so that a field renamed
// or added there shows up as a decoding error.

// Page is a response's page object.
type Page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

// Component is a component or a group of components.
type Component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components"`
}

// Affected is a component an incident update changed.
type Affected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// Update is one of an incident's updates.
type Update struct {
	ID                   string     `json:"id"`
	Status               string     `json:"status"`
	Body                 string     `json:"body"`
	IncidentID           string     `json:"incident_id"`
	CreatedAt            string     `json:"created_at"`
	UpdatedAt            string     `json:"updated_at"`
	DisplayAt            string     `json:"display_at"`
	AffectedComponents   []Affected `json:"affected_components"`
	DeliverNotifications bool       `json:"deliver_notifications"`
	CustomTweet          *string    `json:"custom_tweet"`
	TweetID              *string    `json:"tweet_id"`
}

// Incident is an incident or a scheduled maintenance.
type Incident struct {
	ID              string      `json:"id"`
	Name            string      `json:"name"`
	Status          string      `json:"status"`
	CreatedAt       string      `json:"created_at"`
	UpdatedAt       string      `json:"updated_at"`
	MonitoringAt    *string     `json:"monitoring_at"`
	ResolvedAt      *string     `json:"resolved_at"`
	Impact          string      `json:"impact"`
	Shortlink       string      `json:"shortlink"`
	StartedAt       string      `json:"started_at"`
	PageID          string      `json:"page_id"`
	IncidentUpdates []Update    `json:"incident_updates"`
	Components      []Component `json:"components"`
	// Scheduled maintenances only.
	ScheduledFor   *string `json:"scheduled_for"`
	ScheduledUntil *string `json:"scheduled_until"`
}

// Status is the page's overall indicator.
type Status struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// Response is any file of the API: the keys it has are set.
type Response struct {
	Page                  *Page       `json:"page"`
	Status                *Status     `json:"status"`
	Components            []Component `json:"components"`
	Incidents             []Incident  `json:"incidents"`
	ScheduledMaintenances []Incident  `json:"scheduled_maintenances"`
}

// Keys each object carries, exactly: Statuspage sends null rather than
// leaving a key out, so a missing key is as wrong as an unknown one.
var (
	pageKeys      = []string{"id", "name", "url", "time_zone", "updated_at"}
	componentKeys = []string{"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"}
	incidentKeys  = []string{"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components"}
	updateKeys    = []string{"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"}
	affectedKeys  = []string{"code", "name", "old_status", "new_status"}
	statusKeys    = []string{"indicator", "description"}
)

// topKeys are the keys of each file under api/v2/, exactly.
var topKeys = map[string][]string{
	"summary.json":                         {"page", "components", "incidents", "scheduled_maintenances", "status"},
	"status.json":                          {"page", "status"},
	"components.json":                      {"page", "components"},
	"incidents.json":                       {"page", "incidents"},
	"incidents/unresolved.json":            {"page", "incidents"},
	"scheduled-maintenances.json":          {"page", "scheduled_maintenances"},
	"scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
	"scheduled-maintenances/active.json":   {"page", "scheduled_maintenances"},
}

func keysExactly(obj map[string]any, want []string) error {
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	w := slices.Sorted(slices.Values(want))
	if !slices.Equal(got, w) {
		return fmt.Errorf("keys %v, want %v", got, w)
	}
	return nil
}

// checkObjects walks a decoded response and checks every nested
// object's keys.
func checkObjects(doc map[string]any) error {
	if err := keysExactly(doc["page"].(map[string]any), pageKeys); err != nil {
		return fmt.Errorf("page: %v", err)
	}
	if st, ok := doc["status"].(map[string]any); ok {
		if err := keysExactly(st, statusKeys); err != nil {
			return fmt.Errorf("status: %v", err)
		}
	}
	for _, key := range []string{"components", "incidents", "scheduled_maintenances"} {
		v, present := doc[key]
		if !present {
			continue
		}
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s is %T, want an array (never null)", key, v)
		}
		for i, raw := range list {
			obj := raw.(map[string]any)
			var err error
			switch key {
			case "components":
				err = checkComponent(obj)
			case "incidents":
				err = checkIncident(obj, incidentKeys)
			default:
				err = checkIncident(obj, append(slices.Clone(incidentKeys), "scheduled_for", "scheduled_until"))
			}
			if err != nil {
				return fmt.Errorf("%s[%d]: %v", key, i, err)
			}
		}
	}
	return nil
}

func checkComponent(obj map[string]any) error {
	want := componentKeys
	if obj["group"] == true {
		want = append(slices.Clone(want), "components")
	}
	return keysExactly(obj, want)
}

func checkIncident(obj map[string]any, want []string) error {
	if err := keysExactly(obj, want); err != nil {
		return err
	}
	for _, c := range obj["components"].([]any) {
		if err := checkComponent(c.(map[string]any)); err != nil {
			return fmt.Errorf("components: %v", err)
		}
	}
	updates, ok := obj["incident_updates"].([]any)
	if !ok {
		return fmt.Errorf("incident_updates is %T, want an array", obj["incident_updates"])
	}
	for i, raw := range updates {
		u := raw.(map[string]any)
		if err := keysExactly(u, updateKeys); err != nil {
			return fmt.Errorf("incident_updates[%d]: %v", i, err)
		}
		for _, a := range u["affected_components"].([]any) {
			if err := keysExactly(a.(map[string]any), affectedKeys); err != nil {
				return fmt.Errorf("affected_components: %v", err)
			}
		}
	}
	return nil
}

// StatusAPI reads one file of the API, name its path below api/v2/, as
// a Statuspage client does: into the mirror types with no unknown field,
// with exactly the keys Statuspage sends at the top and in every nested
// object.
func StatusAPI(name string, b []byte) (Response, error) {
	r, err := DecodeStatusAPI(b)
	if err != nil {
		return r, err
	}
	want, ok := topKeys[name]
	if !ok {
		return r, fmt.Errorf("%s is not a file of the Statuspage API", name)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return r, err
	}
	if err := keysExactly(doc, want); err != nil {
		return r, err
	}
	return r, checkObjects(doc)
}

// DecodeStatusAPI decodes a response into the mirror types, refusing a
// field they do not have.
func DecodeStatusAPI(b []byte) (Response, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r Response
	err := dec.Decode(&r)
	return r, err
}

// StatusAPIFiles are the paths, below api/v2/, of every file of the API.
func StatusAPIFiles() []string {
	return slices.Sorted(maps.Keys(topKeys))
}
