package status

import "time"

// Config is a validated status.yaml.
type Config struct {
	Title       string
	Description string
	// BaseURL is absolute and always ends with a slash.
	BaseURL     string
	Language    string
	Languages   []string
	Timezone    string
	Location    *time.Location
	HistoryDays int
	Theme       string
	Components  []Component
	// Notify lists where alerts go when a component's probes change state.
	Notify []NotifyTarget
	// AutoMerge lets the issue workflow merge the pull request it opens for
	// an incident written by someone with write access, instead of waiting
	// for a maintainer. Off by default (DefaultAutoMerge).
	AutoMerge bool
	// Subscribe lists the public channels the Subscribe page shows
	// besides the feeds and calendar; empty when none is declared.
	Subscribe Channels
}

// Component is one thing users care about, shown with its own state.
type Component struct {
	ID          string
	Name        string
	Group       string
	Description string
	URL         string
	// DownAfter is how many consecutive failed probe rounds it takes before
	// the component is shown down; one failure is often a blip.
	DownAfter int
	Probes    []Probe
}

// Component returns the component with the given id.
func (c *Config) Component(id string) (Component, bool) {
	for _, comp := range c.Components {
		if comp.ID == id {
			return comp, true
		}
	}
	return Component{}, false
}

// ComponentNames names the components of ids for readers: each one's
// name, or its id when status.yaml no longer lists it.
func (c *Config) ComponentNames(ids []string) []string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if comp, ok := c.Component(id); ok {
			names = append(names, comp.Name)
		} else {
			names = append(names, id)
		}
	}
	return names
}

// Group is a run of components sharing a group name, in file order.
type Group struct {
	Name       string
	Components []Component
}

// Groups returns the components grouped by name, groups ordered by the first
// appearance of their name in the file. Ungrouped components form a group
// with an empty name.
func (c *Config) Groups() []Group {
	var groups []Group
	index := map[string]int{}
	for _, comp := range c.Components {
		i, ok := index[comp.Group]
		if !ok {
			i = len(groups)
			index[comp.Group] = i
			groups = append(groups, Group{Name: comp.Group})
		}
		groups[i].Components = append(groups[i].Components, comp)
	}
	return groups
}
