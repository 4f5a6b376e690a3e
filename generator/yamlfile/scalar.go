package yamlfile

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	// Zones must resolve on machines without a zoneinfo database (CI images).
	_ "time/tzdata"

	"gopkg.in/yaml.v3"
)

// String decodes a scalar as text. Null and non-scalars are problems.
func (d *Doc) String(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, "%s must be text", what)
		return ""
	}
	return n.Value
}

// NonEmpty decodes text that must not be blank.
func (d *Doc) NonEmpty(n *yaml.Node, what string) string {
	s := d.String(n, what)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && strings.TrimSpace(s) == "" {
		d.Errorf(n, "%s must not be empty", what)
	}
	return s
}

// Int decodes a whole number of at least minimum.
func (d *Doc) Int(n *yaml.Node, what string, minimum int) int {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.Errorf(n, "%s must be a whole number", what)
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < minimum {
		d.Errorf(n, "%s must be a whole number of at least %d", what, minimum)
		return 0
	}
	return v
}

// Bool decodes true or false. YAML 1.1's yes, no, on and off are refused:
// they read as text in YAML 1.2, and a switch must not depend on which.
func (d *Doc) Bool(n *yaml.Node, what string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.Errorf(n, "%s must be true or false", what)
		return false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		d.Errorf(n, "%s must be true or false", what)
		return false
	}
	return b
}

// Duration decodes a positive Go duration such as 10s or 336h.
func (d *Doc) Duration(n *yaml.Node, what string) time.Duration {
	s := d.String(n, what)
	if s == "" {
		return 0
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		d.Errorf(n, "%s: %q is not a positive duration (use Go syntax: 10s, 2m, 336h)", what, s)
		return 0
	}
	return v
}

// Strings decodes a sequence of text, or a single text as a one-item list.
func (d *Doc) Strings(n *yaml.Node, what string) []string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list", what)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		out = append(out, d.String(item, what+" item"))
	}
	return out
}

// Seq returns a sequence's items, or reports that n is not one.
func (d *Doc) Seq(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list", what)
		return nil
	}
	return n.Content
}

// Enum decodes text that must be one of allowed.
func Enum[T ~string](d *Doc, n *yaml.Node, what string, allowed []T) T {
	s := d.String(n, what)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	for _, a := range allowed {
		if string(a) == s {
			return a
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	d.Errorf(n, "%s %q is not one of %s", what, s, strings.Join(names, ", "))
	return ""
}

// Scalar decodes a scalar into string, float64, bool or nil, keeping the
// type the user wrote so that `ok`, `200` and `true` compare as they look.
func (d *Doc) Scalar(n *yaml.Node, what string) any {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s must be a single value (text, number, true/false or null)", what)
		return nil
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err == nil {
			return f
		}
	}
	return n.Value
}

// Time layouts accepted, with and without an offset. YAML allows a space
// instead of the T.
var (
	zonedLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04Z07:00", "2006-01-02 15:04 Z07:00"}
	naiveLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"}
)

// Time decodes a timestamp. One without an offset is read in loc; when loc
// is nil it is an error, since guessing UTC would silently shift the timeline.
func (d *Doc) Time(n *yaml.Node, what string, loc *time.Location) time.Time {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, "%s must be a timestamp such as 2024-03-01T14:05:00Z", what)
		return time.Time{}
	}
	s := strings.TrimSpace(n.Value)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	for _, l := range naiveLayouts {
		if _, err := time.Parse(l, s); err != nil {
			continue
		}
		if loc == nil {
			d.Errorf(n, "%s %q has no UTC offset: add one (2024-03-01T14:05:00+01:00 or ...Z) or set timezone: in this file", what, s)
			return time.Time{}
		}
		t, _ := time.ParseInLocation(l, s, loc)
		return t
	}
	d.Errorf(n, "%s %q is not a timestamp (expected e.g. 2024-03-01T14:05:00Z)", what, s)
	return time.Time{}
}

// Location decodes an IANA zone name.
func (d *Doc) Location(n *yaml.Node, what string) *time.Location {
	s := d.String(n, what)
	if s == "" {
		return nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil || strings.EqualFold(s, "local") {
		d.Errorf(n, "%s %q is not an IANA time zone (e.g. UTC, Europe/Paris)", what, s)
		return nil
	}
	return loc
}

// Describe renders a node's value for messages.
func Describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return fmt.Sprintf("a %s", kindName(n.Kind))
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}
