package status

import "time"

// ProbeType names how a probe measures.
type ProbeType string

const (
	ProbeHTTP ProbeType = "http"
	ProbeTLS  ProbeType = "tls"
	ProbeDNS  ProbeType = "dns"
	ProbeTCP  ProbeType = "tcp"
)

// ProbeTypes lists the valid probe types.
var ProbeTypes = []ProbeType{ProbeHTTP, ProbeTLS, ProbeDNS, ProbeTCP}

// DefaultProbeTimeout bounds a probe that sets no timeout.
const DefaultProbeTimeout = 10 * time.Second

// Probe is one check of a component, as declared in status.yaml.
type Probe struct {
	ID      string
	Type    ProbeType
	Timeout time.Duration

	// http
	URL    string
	Method string
	// Headers keep their ${VAR} references unexpanded: secrets are read from
	// the environment only at the moment of the request.
	Headers map[string]string

	// tls and tcp
	Address    string
	ServerName string

	// dns
	Name     string
	Record   string
	Resolver string

	Expect Expect
}

// Expect is what a probe must observe to count as up.
type Expect struct {
	// Status lists the accepted HTTP status codes; empty means any 2xx.
	Status       []int
	BodyContains string
	BodyMatches  string
	JSON         []JSONCheck
	// MaxLatency, when set, turns a slower but otherwise good answer into degraded.
	MaxLatency time.Duration

	// MinDaysLeft turns a certificate closer to expiry into degraded.
	MinDaysLeft int

	// Values are the DNS record values that must all be present.
	Values []string
}

// JSONCheck asserts that the value at a dotted path equals a scalar.
type JSONCheck struct {
	Path string
	// Want is a string, float64, bool or nil, as YAML gave it.
	Want any
}

// DNSRecordTypes lists the record types a dns probe may ask for.
var DNSRecordTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT", "NS"}

// Key identifies a probe across the site: "component/probe".
func (p Probe) Key(component string) string { return component + "/" + p.ID }
