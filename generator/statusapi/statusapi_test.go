package statusapi

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// The Statuspage API's objects, as a client reads them.
type (
	spResponse  = outputtest.Response
	spComponent = outputtest.Component
	spIncident  = outputtest.Incident
)

var (
	componentStatuses   = []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
	incidentStatuses    = []string{"investigating", "identified", "monitoring", "resolved", "postmortem"}
	maintenanceStatuses = []string{"scheduled", "in_progress", "verifying", "completed"}
	impacts             = []string{"none", "minor", "major", "critical", "maintenance"}
	indicators          = []string{"none", "minor", "major", "critical", "maintenance"}
)

func decode(t *testing.T, name string, b []byte) spResponse {
	t.Helper()
	r, err := outputtest.DecodeStatusAPI(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func TestFilesMatchStatuspageShape(t *testing.T) {
	out := statustest.Write(t, Files, statustest.SmallSite())
	names := outputtest.StatusAPIFiles()
	if len(out) != len(names) {
		t.Errorf("%d files, want %d", len(out), len(names))
	}
	for _, name := range names {
		b, ok := out[Dir+name]
		if !ok {
			t.Errorf("no %s%s", Dir, name)
			continue
		}
		if _, err := outputtest.StatusAPI(name, b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func isTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func TestValues(t *testing.T) {
	s := statustest.SmallSite()
	out := statustest.Write(t, Files, s)
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
	r := decode(t, "components", statustest.Write(t, Files, s)[Dir+"components.json"])
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
	r := decode(t, "incidents", statustest.Write(t, Files, status.NewSnapshot(s.Config, many, s.Now))[Dir+"incidents.json"])
	if len(r.Incidents) != MaxListed || r.Incidents[0].ID != "2024-01-01-n00" {
		t.Errorf("%d incidents, first %s; want the %d most recent", len(r.Incidents), r.Incidents[0].ID, MaxListed)
	}
}
