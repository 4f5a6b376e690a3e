package status

import "time"

// Outcome is what one probe run found.
type Outcome string

const (
	OutcomeUp       Outcome = "up"
	OutcomeDegraded Outcome = "degraded"
	OutcomeDown     Outcome = "down"
)

// Outcomes lists the valid outcomes, best first.
var Outcomes = []Outcome{OutcomeUp, OutcomeDegraded, OutcomeDown}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool {
	return o == OutcomeUp || o == OutcomeDegraded || o == OutcomeDown
}

// Result is one measurement by one probe. A target that is down gives a
// Result like any other: an outage is data, not an error.
type Result struct {
	Time      time.Time
	Component string
	Probe     string
	// Region names where the measurement was taken from; empty when only
	// one place probes.
	Region  string
	Outcome Outcome
	// Latency is the time the probe took, to the last byte it needed.
	Latency time.Duration
	// Reason says in a few words what was seen: "HTTP 502",
	// "certificate expires in 5 days", "timeout after 10s". It never holds
	// a secret.
	Reason string

	// HTTPStatus is the response's status code, 0 when there was none.
	HTTPStatus int
	// DaysLeft is the certificate's remaining validity for tls probes,
	// negative once expired; nil for other probes.
	DaysLeft *int
}
