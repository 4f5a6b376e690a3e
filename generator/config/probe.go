package config

import (
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

// Keys each probe type accepts besides id, type and timeout; a key of
// another type is an error, since it would be silently ignored.
var probeKeys = map[status.ProbeType][]string{
	status.ProbeHTTP: {"url", "method", "headers", "expect"},
	status.ProbeTLS:  {"address", "server_name", "expect"},
	status.ProbeDNS:  {"name", "record", "resolver", "expect"},
	status.ProbeTCP:  {"address"},
}

var probeRequired = map[status.ProbeType][]string{
	status.ProbeHTTP: {"url"},
	status.ProbeTLS:  {"address"},
	status.ProbeDNS:  {"name", "record"},
	status.ProbeTCP:  {"address"},
}

var expectKeys = map[status.ProbeType][]string{
	status.ProbeHTTP: {"status", "body_contains", "body_matches", "json", "max_latency"},
	status.ProbeTLS:  {"min_days_left"},
	status.ProbeDNS:  {"values"},
}

var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

var (
	envRE     = regexp.MustCompile(`\$\{([^}]*)\}`)
	envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// tokenRE is RFC 9110's token, the form of a header name.
	tokenRE = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$")
)

func probes(d *yamlfile.Doc, n *yaml.Node) []status.Probe {
	seen := map[string]bool{}
	var out []status.Probe
	for _, item := range d.Seq(n, "probes") {
		if p, ok := probe(d, item); ok {
			if p.ID != "" && seen[p.ID] {
				d.Errorf(item, "duplicate probe id %q in this component", p.ID)
			}
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	return out
}

func probe(d *yamlfile.Doc, n *yaml.Node) (status.Probe, bool) {
	p := status.Probe{Timeout: status.DefaultProbeTimeout}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "probe must be a mapping of keys to values")
		return p, false
	}
	// The type decides which other keys are valid, so read it first.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			p.Type = yamlfile.Enum(d, n.Content[i+1], "probe type", status.ProbeTypes)
		}
	}
	known := []string{"id", "type", "timeout"}
	required := []string{"id", "type"}
	if p.Type != "" {
		known = append(known, probeKeys[p.Type]...)
		required = append(required, probeRequired[p.Type]...)
	}
	what := "probe"
	if p.Type != "" {
		what = string(p.Type) + " probe"
	}
	d.Fields(n, what, known, required, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			p.ID = id(d, v, "probe id")
		case "timeout":
			p.Timeout = d.Duration(v, "timeout")
		case "url":
			p.URL = absoluteURL(d, v, "url")
		case "method":
			p.Method = strings.ToUpper(yamlfile.Enum(d, upper(v), "method", methods))
		case "headers":
			p.Headers = headers(d, v)
		case "address":
			p.Address = hostPort(d, v, "address")
		case "server_name":
			p.ServerName = d.NonEmpty(v, "server_name")
		case "name":
			p.Name = d.NonEmpty(v, "name")
		case "record":
			p.Record = yamlfile.Enum(d, upper(v), "record", status.DNSRecordTypes)
		case "resolver":
			p.Resolver = hostPort(d, v, "resolver")
		case "expect":
			p.Expect = expect(d, v, p.Type)
		}
	})
	if p.Type == status.ProbeHTTP && p.Method == "" {
		p.Method = "GET"
	}
	return p, true
}

// upper lets record and method names be written in any case.
func upper(v *yaml.Node) *yaml.Node {
	c := *v
	c.Value = strings.ToUpper(c.Value)
	return &c
}

func expect(d *yamlfile.Doc, n *yaml.Node, t status.ProbeType) status.Expect {
	var e status.Expect
	d.Fields(n, "expect", expectKeys[t], nil, func(key string, v *yaml.Node) {
		switch key {
		case "status":
			for _, item := range statusCodes(d, v) {
				code, err := strconv.Atoi(item.Value)
				if err != nil || code < 100 || code > 599 {
					d.Errorf(item, "status %s is not an HTTP status code (100-599)", yamlfile.Describe(item))
					continue
				}
				e.Status = append(e.Status, code)
			}
		case "body_contains":
			e.BodyContains = d.NonEmpty(v, "body_contains")
		case "body_matches":
			e.BodyMatches = d.NonEmpty(v, "body_matches")
			if _, err := regexp.Compile(e.BodyMatches); err != nil {
				d.Errorf(v, "body_matches is not a valid RE2 expression: %v", err)
			}
		case "json":
			if v.Kind != yaml.MappingNode {
				d.Errorf(v, "json must map dotted paths to expected values")
			}
			seen := map[string]bool{}
			for i := 0; v.Kind == yaml.MappingNode && i+1 < len(v.Content); i += 2 {
				path := v.Content[i].Value
				if seen[path] {
					// yaml.v3 keeps the last value: one check would vanish.
					d.Errorf(v.Content[i], "duplicate json path %q", path)
				}
				seen[path] = true
				e.JSON = append(e.JSON, status.JSONCheck{Path: path, Want: d.Scalar(v.Content[i+1], "json value")})
			}
		case "max_latency":
			e.MaxLatency = d.Duration(v, "max_latency")
		case "min_days_left":
			e.MinDaysLeft = d.Int(v, "min_days_left", 0)
		case "values":
			e.Values = d.Strings(v, "values")
		}
	})
	return e
}

func statusCodes(d *yamlfile.Doc, v *yaml.Node) []*yaml.Node {
	if v.Kind == yaml.ScalarNode {
		return []*yaml.Node{v}
	}
	return d.Seq(v, "status")
}

func headers(d *yamlfile.Doc, n *yaml.Node) map[string]string {
	out := map[string]string{}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "headers must be a mapping of header names to values")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := out[http.CanonicalHeaderKey(k.Value)]; dup {
			d.Errorf(k, "duplicate header %q", k.Value)
		}
		// Characters no text may hold are reported already, for both.
		_, _, badName := safetext.Bad(k.Value)
		if !badName && !tokenRE.MatchString(k.Value) {
			d.Errorf(k, "header name %q is not an HTTP header name (letters, digits and !#$%%&'*+-.^_`|~)", k.Value)
		}
		val := d.String(v, "header "+k.Value)
		// Any other control character is refused as for all text; a line
		// break is text, but in a header it would start another header.
		if _, _, bad := safetext.Bad(val); !bad {
			if nl := strings.IndexByte(val, '\n'); nl >= 0 {
				d.Errorf(v, "header %s: a header value is one line; remove the line break (character %d)", k.Value, utf8.RuneCountInString(val[:nl])+1)
			}
		}
		for _, m := range envRE.FindAllStringSubmatch(val, -1) {
			if !envNameRE.MatchString(m[1]) {
				d.Errorf(v, "header %s: %q is not a valid environment variable reference", k.Value, m[0])
			}
		}
		out[http.CanonicalHeaderKey(k.Value)] = val
	}
	return out
}

func absoluteURL(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := d.NonEmpty(v, what)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.Errorf(v, "%s %q must be an absolute http(s) URL", what, s)
		return ""
	}
	return s
}

func hostPort(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := d.NonEmpty(v, what)
	if s == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(s)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil || host == "" {
		d.Errorf(v, "%s %q must be host:port (e.g. example.org:443)", what, s)
		return ""
	}
	return s
}
