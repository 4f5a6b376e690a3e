package config

import (
	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

var componentKeys = []string{"id", "name", "group", "description", "url", "down_after", "probes"}

func components(d *yamlfile.Doc, n *yaml.Node) []status.Component {
	items := d.Seq(n, "components")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, "components must list at least one component")
	}
	seen := map[string]bool{}
	var out []status.Component
	for _, item := range items {
		c := status.Component{DownAfter: status.DefaultDownAfter}
		var idNode *yaml.Node
		d.Fields(item, "component", componentKeys, []string{"id", "name"}, func(key string, v *yaml.Node) {
			switch key {
			case "id":
				idNode = v
				c.ID = id(d, v, "component id")
			case "name":
				c.Name = d.NonEmpty(v, "name")
			case "group":
				c.Group = d.String(v, "group")
			case "description":
				c.Description = d.String(v, "description")
			case "url":
				c.URL = absoluteURL(d, v, "url")
			case "down_after":
				c.DownAfter = d.Int(v, "down_after", 1)
			case "probes":
				c.Probes = probes(d, v)
			}
		})
		if c.ID != "" {
			if seen[c.ID] {
				d.Errorf(idNode, "duplicate component id %q", c.ID)
			}
			seen[c.ID] = true
		}
		out = append(out, c)
	}
	return out
}

func id(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := d.NonEmpty(v, what)
	if s != "" && !idRE.MatchString(s) {
		d.Errorf(v, "%s %q may only use a-z, 0-9 and single dashes (it appears in URLs)", what, s)
		return ""
	}
	return s
}
