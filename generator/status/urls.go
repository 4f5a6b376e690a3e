package status

import "time"

// URLs of the pages a build writes, absolute from BaseURL. Feeds, the API,
// badges and calendars all link to these, so they are defined once here.

// AbsURL joins a site-relative path (no leading slash) to BaseURL.
func (c *Config) AbsURL(rel string) string { return c.BaseURL + rel }

// IncidentURL is the absolute URL of an incident's or maintenance's page.
func (c *Config) IncidentURL(id string) string { return c.AbsURL("incidents/" + id + "/") }

// ComponentURL is the absolute URL of a component's page.
func (c *Config) ComponentURL(id string) string { return c.AbsURL("components/" + id + "/") }

// Loc is the zone the site shows times in; UTC when the config sets none.
func (c *Config) Loc() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}
