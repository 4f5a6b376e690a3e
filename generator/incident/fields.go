package incident

import (
	"gopkg.in/yaml.v3"
	"strings"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

func (ps *parser) components(n *yaml.Node) {
	d, in := ps.d, ps.in
	items := d.Seq(n, "components")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, "components must name at least one component id, or \"*\" for all")
	}
	seen := map[string]bool{}
	for _, item := range items {
		id := d.NonEmpty(item, "component")
		switch {
		case id == status.AllComponents:
			if len(items) > 1 {
				d.Errorf(item, "\"*\" means every component; do not list others with it")
			}
			for _, c := range ps.cfg.Components {
				in.Components = append(in.Components, c.ID)
			}
		case strings.TrimSpace(id) == "": // reported by NonEmpty
		case seen[id]:
			d.Errorf(item, "component %q is listed twice", id)
		default:
			if _, ok := ps.cfg.Component(id); !ok {
				d.Errorf(item, "unknown component %q%s", id, ps.suggestComponent(id))
			}
			in.Components = append(in.Components, id)
		}
		seen[id] = true
	}
}

func (ps *parser) suggestComponent(id string) string {
	ids := make([]string, len(ps.cfg.Components))
	for i, c := range ps.cfg.Components {
		ids[i] = c.ID
	}
	return yamlfile.Suggest(id, ids)
}

func (ps *parser) affects(n *yaml.Node) {
	d, in := ps.d, ps.in
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "affects must map component ids to a state")
		return
	}
	in.Affects = map[string]status.ComponentStatus{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !in.AffectsComponent(k.Value) {
			d.Errorf(k, "affects names %q, which is not in this file's components", k.Value)
			continue
		}
		// yaml.v3 keeps both entries of a repeated key in a node tree; the
		// later would silently win.
		if _, dup := in.Affects[k.Value]; dup {
			d.Errorf(k, "duplicate key %q in affects", k.Value)
			continue
		}
		in.Affects[k.Value] = yamlfile.Enum(d, v, "state", status.ComponentStatuses)
	}
}

func (ps *parser) window(n *yaml.Node) {
	d, in := ps.d, ps.in
	var endNode *yaml.Node
	d.Fields(n, "window", []string{"start", "end"}, []string{"start", "end"}, func(key string, v *yaml.Node) {
		switch key {
		case "start":
			in.Window.Start = d.Time(v, "window start", ps.loc)
		case "end":
			endNode, in.Window.End = v, d.Time(v, "window end", ps.loc)
		}
	})
	w := in.Window
	if !w.Start.IsZero() && !w.End.IsZero() && !w.End.After(w.Start) {
		d.Errorf(endNode, "window end (%s) is not after its start (%s)", stamp(w.End), stamp(w.Start))
	}
}

func (ps *parser) updates(n *yaml.Node) {
	d, in := ps.d, ps.in
	statuses := status.IncidentStatuses
	if in.IsMaintenance() {
		statuses = status.MaintenanceStatuses
	}
	for _, item := range d.Seq(n, "updates") {
		var u status.Update
		var atNode *yaml.Node
		d.Fields(item, "update", []string{"at", "status", "text"}, []string{"at", "status", "text"}, func(key string, v *yaml.Node) {
			switch key {
			case "at":
				atNode, u.At = v, d.Time(v, "at", ps.loc)
			case "status":
				u.Status = yamlfile.Enum(d, v, "status", statuses)
			case "text":
				u.Text = d.NonEmpty(v, "text")
			}
		})
		// A scheduled update announces maintenance ahead; every other
		// update reports what has been seen.
		if !u.At.IsZero() && u.Status != status.Scheduled && u.At.After(ps.now.Add(Slack)) {
			d.Errorf(atNode, "update at %s is in the future (now is %s): only a scheduled update may be written ahead", stamp(u.At), stamp(ps.now))
		}
		// Maintenance is announced before its window, so only incidents
		// are held to their start.
		if !in.IsMaintenance() && !u.At.IsZero() && !in.Started.IsZero() && u.At.Before(in.Started) {
			d.Errorf(atNode, "update at %s is before the incident started (%s)", stamp(u.At), stamp(in.Started))
		}
		in.Updates = append(in.Updates, u)
	}
	// A resolved update resolves the incident when `resolved:` is left out.
	if !in.IsMaintenance() && in.Resolved.IsZero() && in.LastStatus() == status.Resolved {
		for _, u := range in.Timeline() {
			if u.Status == status.Resolved {
				in.Resolved = u.At
				break
			}
		}
	}
}
