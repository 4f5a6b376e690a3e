// Package statustest builds a small but complete site for the tests of the
// packages that render a Snapshot (feeds, API, badges, calendars), so that
// their golden files all describe the same site.
package statustest

import (
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Now is the instant SmallSite is built at.
var Now = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)

// LongText is a 200-character maintenance announcement, long enough that
// any line-oriented format has to fold or wrap it.
const LongText = "The hosting provider replaces the power distribution units of our rack; " +
	"every service will be unreachable for up to two hours. Café, naïve, 日本語 text; commas, too. " +
	"Please plan accordingly, thanks!!"

// SmallSite returns a site of five components, four in two groups and one
// ungrouped, one of them (chat) named by no incident, with an ongoing
// incident, a resolved one, a maintenance in progress, an upcoming one and a
// completed one, as seen at Now.
func SmallSite() *status.Snapshot {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	cfg := &status.Config{
		Title:       "Example status",
		Description: "Public status of Example & co",
		BaseURL:     "https://status.example.org/",
		Language:    "en",
		Languages:   []string{"en"},
		Timezone:    "Europe/Paris",
		Location:    paris,
		HistoryDays: 90,
		Theme:       "buoy",
		Components: []status.Component{
			{ID: "website", Name: "Website", Group: "Web", Description: "The public web site", URL: "https://example.org/", DownAfter: 2},
			{ID: "api", Name: "API", Group: "Web", DownAfter: 2},
			{ID: "dns", Name: "DNS", DownAfter: 2},
			{ID: "mail", Name: "Mail", Group: "Mail & chat", DownAfter: 2},
			{ID: "chat", Name: "Chat", Group: "Mail & chat", DownAfter: 2},
		},
	}
	at := func(day, hour, min int) time.Time {
		return time.Date(2024, time.Month(day/100), day%100, hour, min, 0, 0, time.UTC)
	}
	incidents := []status.Incident{
		{
			ID: "2024-03-10-api-errors", Path: "incidents/2024-03-10-api-errors.yaml", Kind: status.KindIncident,
			Title:      `API errors: "500" & timeouts <slow>`,
			Components: []string{"api"}, Impact: status.ImpactMajor,
			Started: at(310, 11, 20), Detected: at(310, 11, 28),
			Updates: []status.Update{
				{At: at(310, 11, 30), Status: status.Investigating, Text: "Requests to the API fail with **500**.\n"},
				{At: at(310, 11, 50), Status: status.Identified, Text: "A bad deploy; see [the change](https://example.org/pr/1). <script>alert(1)</script>\n"},
			},
		},
		{
			ID: "2024-02-01-website-502", Path: "incidents/2024-02-01-website-502.md", Kind: status.KindIncident,
			Title:      "Website returns 502",
			Components: []string{"website"}, Impact: status.ImpactCritical,
			Affects: map[string]status.ComponentStatus{"website": status.MajorOutage},
			Started: at(201, 9, 0), Resolved: at(201, 10, 15),
			Updates: []status.Update{
				{At: at(201, 9, 5), Status: status.Investigating, Text: "The website answers 502 Bad Gateway."},
				{At: at(201, 9, 40), Status: status.Monitoring, Text: "Rolled back; watching."},
				{At: at(201, 10, 15), Status: status.Resolved, Text: "All good."},
			},
			Postmortem: "## Root cause\n\nThe new image lacked a config file.",
		},
		{
			ID: "2024-03-10-dns-maintenance", Path: "incidents/2024-03-10-dns-maintenance.yaml", Kind: status.KindMaintenance,
			Title:      "DNS server upgrade",
			Components: []string{"dns"}, Impact: status.ImpactMinor,
			Window: status.Window{Start: at(310, 11, 0), End: at(310, 13, 0)},
			Updates: []status.Update{
				{At: at(305, 8, 0), Status: status.Scheduled, Text: "We upgrade the DNS servers."},
				{At: at(310, 11, 0), Status: status.InProgress, Text: "Started."},
			},
		},
		{
			ID: "2024-03-20-power-work", Path: "incidents/2024-03-20-power-work.yaml", Kind: status.KindMaintenance,
			Title:      "Power work; site «Paris-1», rack 4, 電源工事",
			Components: []string{"website", "api", "dns", "mail"}, Impact: status.ImpactMinor,
			Window: status.Window{Start: at(320, 7, 0), End: at(320, 9, 0)},
			Updates: []status.Update{
				{At: at(308, 16, 0), Status: status.Scheduled, Text: LongText},
			},
		},
		{
			ID: "2024-01-05-mail-maintenance", Path: "incidents/2024-01-05-mail-maintenance.yaml", Kind: status.KindMaintenance,
			Title:      "Mail server migration",
			Components: []string{"mail"}, Impact: status.ImpactMinor,
			Window: status.Window{Start: at(105, 20, 0), End: at(105, 22, 0)},
			Updates: []status.Update{
				{At: at(102, 10, 0), Status: status.Scheduled, Text: "Mail moves to a new server."},
				{At: at(105, 20, 0), Status: status.InProgress, Text: "Migration started."},
				{At: at(105, 21, 10), Status: status.Completed, Text: "Done early."},
			},
		},
	}
	return status.NewSnapshot(cfg, incidents, Now)
}
