package statusapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// The sp* types mirror the fields Statuspage documents for its public API
// v2 (and that its pages serve), written from that documentation rather than
// from this package's types, so that a field renamed or added here shows up
// as a decoding error.
type spPage struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type spComponent struct {
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

type spAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

type spUpdate struct {
	ID                   string       `json:"id"`
	Status               string       `json:"status"`
	Body                 string       `json:"body"`
	IncidentID           string       `json:"incident_id"`
	CreatedAt            string       `json:"created_at"`
	UpdatedAt            string       `json:"updated_at"`
	DisplayAt            string       `json:"display_at"`
	AffectedComponents   []spAffected `json:"affected_components"`
	DeliverNotifications bool         `json:"deliver_notifications"`
	CustomTweet          *string      `json:"custom_tweet"`
	TweetID              *string      `json:"tweet_id"`
}

type spIncident struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Status          string        `json:"status"`
	CreatedAt       string        `json:"created_at"`
	UpdatedAt       string        `json:"updated_at"`
	MonitoringAt    *string       `json:"monitoring_at"`
	ResolvedAt      *string       `json:"resolved_at"`
	Impact          string        `json:"impact"`
	Shortlink       string        `json:"shortlink"`
	StartedAt       string        `json:"started_at"`
	PageID          string        `json:"page_id"`
	IncidentUpdates []spUpdate    `json:"incident_updates"`
	Components      []spComponent `json:"components"`
	// Scheduled maintenances only.
	ScheduledFor   *string `json:"scheduled_for"`
	ScheduledUntil *string `json:"scheduled_until"`
}

type spStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type spResponse struct {
	Page                  *spPage       `json:"page"`
	Status                *spStatus     `json:"status"`
	Components            []spComponent `json:"components"`
	Incidents             []spIncident  `json:"incidents"`
	ScheduledMaintenances []spIncident  `json:"scheduled_maintenances"`
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

var (
	componentStatuses   = []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
	incidentStatuses    = []string{"investigating", "identified", "monitoring", "resolved", "postmortem"}
	maintenanceStatuses = []string{"scheduled", "in_progress", "verifying", "completed"}
	impacts             = []string{"none", "minor", "major", "critical", "maintenance"}
	indicators          = []string{"none", "minor", "major", "critical", "maintenance"}
)

func decode(t *testing.T, name string, b []byte) spResponse {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r spResponse
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func files(t *testing.T, s *status.Snapshot) map[string][]byte {
	t.Helper()
	out, err := Files(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFilesMatchStatuspageShape(t *testing.T) {
	out := files(t, statustest.SmallSite())
	if len(out) != len(topKeys) {
		t.Errorf("%d files, want %d", len(out), len(topKeys))
	}
	for name, want := range topKeys {
		b, ok := out[Dir+name]
		if !ok {
			t.Errorf("no %s%s", Dir, name)
			continue
		}
		decode(t, name, b)
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if err := keysExactly(doc, want); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := checkObjects(doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
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

// checkObjects walks a response and checks every nested object's keys.
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

func TestKeyCheckCatchesDrift(t *testing.T) {
	if err := keysExactly(map[string]any{"id": 1, "extra": 2}, []string{"id"}); err == nil {
		t.Error("an unknown key passed")
	}
	if err := keysExactly(map[string]any{"id": 1}, []string{"id", "name"}); err == nil {
		t.Error("a missing key passed")
	}
	dec := json.NewDecoder(strings.NewReader(`{"page":{"id":"x","nope":1}}`))
	dec.DisallowUnknownFields()
	var r spResponse
	if err := dec.Decode(&r); err == nil {
		t.Error("the mirror structs accepted an unknown field")
	}
}

func isTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func TestValues(t *testing.T) {
	s := statustest.SmallSite()
	out := files(t, s)
	summary := decode(t, "summary", out[Dir+"summary.json"])
	const base = "https://status.example.org/"

	p := summary.Page
	if p.Name != "Example status" || p.URL != "https://status.example.org" || p.TimeZone != "Europe/Paris" || p.ID == "" {
		t.Errorf("page = %+v", p)
	}
	if got, _ := time.Parse(time.RFC3339, p.UpdatedAt); !got.Equal(s.Now) {
		t.Errorf("page.updated_at = %s, want the build time %s", p.UpdatedAt, s.Now)
	}

	// Component states are the home page's.
	groups := map[string]spComponent{}
	for _, c := range summary.Components {
		if !slices.Contains(componentStatuses, c.Status) {
			t.Errorf("component %s: status %q", c.ID, c.Status)
		}
		if !isTime(c.CreatedAt) || !isTime(c.UpdatedAt) {
			t.Errorf("component %s: times %q %q", c.ID, c.CreatedAt, c.UpdatedAt)
		}
		if c.PageID != p.ID {
			t.Errorf("component %s: page_id %q, want %q", c.ID, c.PageID, p.ID)
		}
		if c.Group {
			groups[c.ID] = c
			continue
		}
		if want := string(s.States[c.ID]); c.Status != want {
			t.Errorf("component %s: status %q, the home page shows %q", c.ID, c.Status, want)
		}
	}
	if len(summary.Components) != len(s.Config.Components)+2 {
		t.Errorf("%d components, want 5 components and 2 groups", len(summary.Components))
	}
	for _, c := range summary.Components {
		if c.Group {
			continue
		}
		cc, _ := s.Config.Component(c.ID)
		switch {
		case cc.Group == "" && c.GroupID != nil:
			t.Errorf("ungrouped %s has group_id %q", c.ID, *c.GroupID)
		case cc.Group != "" && (c.GroupID == nil || groups[*c.GroupID].Name != cc.Group):
			t.Errorf("%s: group_id %v does not name its group %q", c.ID, c.GroupID, cc.Group)
		case cc.Group != "" && !slices.Contains(groups[*c.GroupID].Components, c.ID):
			t.Errorf("%s: its group does not list it", c.ID)
		}
	}
	if web := groups["group-web"]; web.Status != "partial_outage" || !slices.Equal(web.Components, []string{"website", "api"}) {
		t.Errorf("group Web = %+v, want partial_outage (its worst child) over website and api", web)
	}

	st := decode(t, "status", out[Dir+"status.json"]).Status
	if st.Indicator != string(s.Indicator) || !slices.Contains(indicators, st.Indicator) || st.Description != "Partial System Outage" {
		t.Errorf("status = %+v, want indicator %q", st, s.Indicator)
	}

	ids := func(list []spIncident) []string {
		var out []string
		for _, in := range list {
			out = append(out, in.ID)
		}
		return out
	}
	for _, tc := range []struct {
		file string
		list func(spResponse) []spIncident
		want []string
	}{
		{"summary.json", func(r spResponse) []spIncident { return r.Incidents }, []string{"2024-03-10-api-errors"}},
		{"summary.json", func(r spResponse) []spIncident { return r.ScheduledMaintenances }, []string{"2024-03-10-dns-maintenance", "2024-03-20-power-work"}},
		{"incidents.json", func(r spResponse) []spIncident { return r.Incidents }, []string{"2024-03-10-api-errors", "2024-02-01-website-502"}},
		{"incidents/unresolved.json", func(r spResponse) []spIncident { return r.Incidents }, []string{"2024-03-10-api-errors"}},
		{"scheduled-maintenances.json", func(r spResponse) []spIncident { return r.ScheduledMaintenances }, []string{"2024-03-20-power-work", "2024-03-10-dns-maintenance", "2024-01-05-mail-maintenance"}},
		{"scheduled-maintenances/upcoming.json", func(r spResponse) []spIncident { return r.ScheduledMaintenances }, []string{"2024-03-20-power-work"}},
		{"scheduled-maintenances/active.json", func(r spResponse) []spIncident { return r.ScheduledMaintenances }, []string{"2024-03-10-dns-maintenance"}},
	} {
		got := tc.list(decode(t, tc.file, out[Dir+tc.file]))
		if fmt.Sprint(ids(got)) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.file, ids(got), tc.want)
		}
		for _, in := range got {
			checkIncidentValues(t, tc.file, in, p.ID, base)
		}
	}

	all := decode(t, "incidents", out[Dir+"incidents.json"]).Incidents
	web := all[1]
	if web.Status != "resolved" || web.Impact != "critical" || web.ResolvedAt == nil || web.MonitoringAt == nil {
		t.Errorf("resolved incident = status %q impact %q resolved_at %v monitoring_at %v", web.Status, web.Impact, web.ResolvedAt, web.MonitoringAt)
	} else if got, _ := time.Parse(time.RFC3339, *web.MonitoringAt); !got.Equal(time.Date(2024, 2, 1, 9, 40, 0, 0, time.UTC)) {
		t.Errorf("monitoring_at = %s", *web.MonitoringAt)
	}
	// Updates newest first; the first one takes the component down, the
	// resolving one brings it back.
	ups := web.IncidentUpdates
	if len(ups) != 3 || ups[0].Status != "resolved" || ups[2].Status != "investigating" {
		t.Fatalf("updates %+v", ups)
	}
	if a := ups[2].AffectedComponents; len(a) != 1 || a[0].Code != "website" || a[0].OldStatus != "operational" || a[0].NewStatus != "major_outage" {
		t.Errorf("first update affected_components = %+v", a)
	}
	if a := ups[0].AffectedComponents; len(a) != 1 || a[0].OldStatus != "major_outage" || a[0].NewStatus != "operational" {
		t.Errorf("resolving update affected_components = %+v", a)
	}
	if ups[2].Body != "The website answers 502 Bad Gateway." {
		t.Errorf("body = %q, want the text as written", ups[2].Body)
	}

	maint := decode(t, "maintenances", out[Dir+"scheduled-maintenances.json"]).ScheduledMaintenances
	mail := maint[2]
	if mail.Status != "completed" || mail.ResolvedAt == nil {
		t.Errorf("completed maintenance: status %q resolved_at %v", mail.Status, mail.ResolvedAt)
	} else if got, _ := time.Parse(time.RFC3339, *mail.ResolvedAt); !got.Equal(time.Date(2024, 1, 5, 21, 10, 0, 0, time.UTC)) {
		t.Errorf("resolved_at = %s, want when it completed early", *mail.ResolvedAt)
	}
	power := maint[0]
	if got, _ := time.Parse(time.RFC3339, *power.ScheduledFor); !got.Equal(time.Date(2024, 3, 20, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("scheduled_for = %s", *power.ScheduledFor)
	}
	if power.IncidentUpdates[0].Body != statustest.LongText {
		t.Errorf("body = %q", power.IncidentUpdates[0].Body)
	}
}

func checkIncidentValues(t *testing.T, file string, in spIncident, pageID, base string) {
	t.Helper()
	maintenance := in.ScheduledFor != nil
	statuses := incidentStatuses
	if maintenance {
		statuses = maintenanceStatuses
		if in.Impact != "maintenance" {
			t.Errorf("%s: %s: impact %q, want maintenance", file, in.ID, in.Impact)
		}
		if in.ScheduledUntil == nil || !isTime(*in.ScheduledFor) || !isTime(*in.ScheduledUntil) {
			t.Errorf("%s: %s: window %v %v", file, in.ID, in.ScheduledFor, in.ScheduledUntil)
		}
	} else if in.ScheduledUntil != nil {
		t.Errorf("%s: %s: an incident with scheduled_until", file, in.ID)
	}
	if !slices.Contains(statuses, in.Status) {
		t.Errorf("%s: %s: status %q", file, in.ID, in.Status)
	}
	if !slices.Contains(impacts, in.Impact) {
		t.Errorf("%s: %s: impact %q", file, in.ID, in.Impact)
	}
	if want := base + "incidents/" + in.ID + "/"; in.Shortlink != want {
		t.Errorf("%s: %s: shortlink %q, want %q", file, in.ID, in.Shortlink, want)
	}
	if in.PageID != pageID {
		t.Errorf("%s: %s: page_id %q", file, in.ID, in.PageID)
	}
	for _, ts := range []string{in.CreatedAt, in.UpdatedAt, in.StartedAt} {
		if !isTime(ts) {
			t.Errorf("%s: %s: time %q is not RFC 3339", file, in.ID, ts)
		}
	}
	for _, ts := range []*string{in.MonitoringAt, in.ResolvedAt} {
		if ts != nil && !isTime(*ts) {
			t.Errorf("%s: %s: time %q is not RFC 3339", file, in.ID, *ts)
		}
	}
	for _, u := range in.IncidentUpdates {
		if u.IncidentID != in.ID || u.ID == "" || !slices.Contains(statuses, u.Status) || !isTime(u.DisplayAt) {
			t.Errorf("%s: %s: update %+v", file, in.ID, u)
		}
		for _, a := range u.AffectedComponents {
			if !slices.Contains(componentStatuses, a.OldStatus) || !slices.Contains(componentStatuses, a.NewStatus) {
				t.Errorf("%s: %s: affected %+v", file, in.ID, a)
			}
		}
	}
}

func TestGroupIDsNeverClash(t *testing.T) {
	cfg := &status.Config{BaseURL: "https://s.example/", Components: []status.Component{
		{ID: "group-web", Name: "A component whose id looks like a group's", Group: "Web"},
		{ID: "b", Name: "B", Group: "WEB"},
		{ID: "c", Name: "C", Group: "日本"},
	}}
	s := status.NewSnapshot(cfg, nil, statustest.Now)
	r := decode(t, "components", files(t, s)[Dir+"components.json"])
	seen := map[string]bool{}
	for _, c := range r.Components {
		if seen[c.ID] {
			t.Errorf("id %q used twice", c.ID)
		}
		seen[c.ID] = true
	}
	if len(r.Components) != 6 {
		t.Errorf("%d entries, want 3 components and 3 groups", len(r.Components))
	}
}

func TestListsAreCapped(t *testing.T) {
	s := statustest.SmallSite()
	var many []status.Incident
	for i := range MaxListed + 5 {
		start := s.Now.Add(-time.Duration(i+1) * time.Hour * 24)
		many = append(many, status.Incident{ID: fmt.Sprintf("2024-01-01-n%02d", i), Kind: status.KindIncident, Title: "n", Components: []string{"api"}, Impact: status.ImpactMinor, Started: start, Resolved: start.Add(time.Hour)})
	}
	r := decode(t, "incidents", files(t, status.NewSnapshot(s.Config, many, s.Now))[Dir+"incidents.json"])
	if len(r.Incidents) != MaxListed || r.Incidents[0].ID != "2024-01-01-n00" {
		t.Errorf("%d incidents, first %s; want the %d most recent", len(r.Incidents), r.Incidents[0].ID, MaxListed)
	}
}
