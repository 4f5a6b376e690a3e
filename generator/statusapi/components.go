package statusapi

import (
	"strconv"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// api holds what every response shares.
type api struct {
	s    *status.Snapshot
	page Page
	// byID holds each leaf component as it appears in the components list,
	// for embedding in incidents.
	byID map[string]Component
}

func newAPI(s *status.Snapshot) *api {
	cfg := s.Config
	tz := cfg.Timezone
	if tz == "" {
		tz = "Etc/UTC"
	}
	a := &api{s: s, page: Page{
		ID:       PageID(cfg.BaseURL),
		Name:     cfg.Title,
		URL:      strings.TrimSuffix(cfg.BaseURL, "/"),
		TimeZone: tz,
	}}
	a.page.UpdatedAt = a.time(s.Now)
	a.byID = map[string]Component{}
	for _, c := range a.components() {
		if !c.Group {
			a.byID[c.ID] = c
		}
	}
	return a
}

// timeLayout is RFC 3339 with milliseconds, as Statuspage writes times.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// time writes t in the page's zone, as Statuspage does.
func (a *api) time(t time.Time) string { return t.In(a.s.Config.Loc()).Format(timeLayout) }

func (a *api) timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := a.time(t)
	return &v
}

// components lists groups and components in page order: each group is
// followed by its children. Top-level entries are numbered from 1, and
// children from 1 within their group, as Statuspage positions them.
func (a *api) components() []Component {
	cfg := a.s.Config
	groupIDs := groupIDs(cfg)
	out := []Component{}
	top := 0
	for gi, g := range cfg.Groups() {
		if g.Name == "" {
			for _, c := range g.Components {
				top++
				out = append(out, a.component(c, top, nil))
			}
			continue
		}
		top++
		gid := groupIDs[gi]
		group := Component{
			ID:       gid,
			Name:     g.Name,
			Status:   string(status.Operational),
			Position: top,
			PageID:   a.page.ID,
			Group:    true,
		}
		var created, updated time.Time
		children := make([]Component, 0, len(g.Components))
		for i, c := range g.Components {
			child := a.component(c, i+1, &gid)
			children = append(children, child)
			group.Components = append(group.Components, c.ID)
			group.Status = string(status.Worst(status.ComponentStatus(group.Status), a.s.States[c.ID]))
			cr, up := a.componentTimes(c.ID)
			if created.IsZero() || cr.Before(created) {
				created = cr
			}
			if up.After(updated) {
				updated = up
			}
		}
		group.CreatedAt, group.UpdatedAt = a.time(created), a.time(updated)
		out = append(out, group)
		out = append(out, children...)
	}
	return out
}

func (a *api) component(c status.Component, position int, groupID *string) Component {
	st := a.s.States[c.ID]
	if st == "" {
		st = status.Operational
	}
	created, updated := a.componentTimes(c.ID)
	comp := Component{
		ID:        c.ID,
		Name:      c.Name,
		Status:    string(st),
		CreatedAt: a.time(created),
		UpdatedAt: a.time(updated),
		Position:  position,
		GroupID:   groupID,
		PageID:    a.page.ID,
	}
	if c.Description != "" {
		d := c.Description
		comp.Description = &d
	}
	return comp
}

// componentTimes derives a component's created_at and updated_at from what
// buoy knows: the incidents naming it. Its state last changed at the latest
// start or end of one of them that is not in the future; it has existed at
// least since the earliest. A component no incident names gets the build
// time. A state probes found changed when its first failed round ran.
func (a *api) componentTimes(id string) (created, updated time.Time) {
	now := a.s.Now
	if since := a.s.ProbeSince(id); !since.IsZero() {
		created, updated = since, since
	}
	for _, in := range a.s.ForComponent(id) {
		for _, t := range []time.Time{in.Start(), in.End()} {
			if t.IsZero() || t.After(now) {
				continue
			}
			if created.IsZero() || t.Before(created) {
				created = t
			}
			if t.After(updated) {
				updated = t
			}
		}
	}
	if created.IsZero() {
		return now, now
	}
	return created, updated
}

// groupIDs gives each named group an id that no component and no other
// group has: "group-" and the name made URL-safe.
func groupIDs(cfg *status.Config) map[int]string {
	taken := map[string]bool{}
	for _, c := range cfg.Components {
		taken[c.ID] = true
	}
	ids := map[int]string{}
	for i, g := range cfg.Groups() {
		if g.Name == "" {
			continue
		}
		base := "group-" + slug(g.Name)
		if base == "group-" {
			base += strconv.Itoa(i + 1)
		}
		id := base
		for n := 2; taken[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		taken[id] = true
		ids[i] = id
	}
	return ids
}

// slug keeps ASCII letters and digits, lowercased, and joins runs of
// anything else with one dash.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
