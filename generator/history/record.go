package history

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/buoystatus/buoy/generator/status"
)

// Outcome is a sample's outcome in one byte; the zero value is invalid.
type Outcome uint8

const (
	Up Outcome = iota + 1
	Degraded
	Down
)

// Status returns the outcome as a status.Outcome.
func (o Outcome) Status() status.Outcome {
	switch o {
	case Up:
		return status.OutcomeUp
	case Degraded:
		return status.OutcomeDegraded
	case Down:
		return status.OutcomeDown
	}
	return ""
}

// Sample is one raw result in memory. It is kept small: a build holds
// hundreds of thousands.
type Sample struct {
	UnixNano  int64
	LatencyMS int32
	Outcome   Outcome
	reason    uint32 // index into the series' reasons
}

// Time returns the sample's time in UTC.
func (s Sample) Time() time.Time { return time.Unix(0, s.UnixNano).UTC() }

// Rollup summarizes one probe's samples of one UTC day from one region.
type Rollup struct {
	// Day is the Unix time (seconds) of the day's 00:00 UTC.
	Day int64
	// Rounds is Up + Degraded + Down: the samples outside maintenance.
	Rounds, Up, Degraded, Down int32
	// Maintenance counts the samples taken inside a maintenance window
	// of the component, as known when the day was compacted.
	Maintenance  int32
	P50MS, P95MS int32
	// Quarters splits the counts by quarter hour of the UTC day, run-length
	// encoded; nil for rollups written before quarters existed, which
	// count as a whole UTC day.
	Quarters []QuarterRun
}

// QuarterRun is N consecutive quarter hours with the same counts.
type QuarterRun struct {
	N int32
	Quarter
}

// Quarter is the counts of one quarter hour.
type Quarter struct{ Up, Degraded, Down, Maintenance int32 }

// Samples is how many samples the quarter holds.
func (q Quarter) Samples() int32 { return q.Up + q.Degraded + q.Down + q.Maintenance }

// Date returns the rollup's day at 00:00 UTC.
func (r Rollup) Date() time.Time { return time.Unix(r.Day, 0).UTC() }

// appendSample encodes a result as one line, fields in a fixed order so
// that identical results give identical lines (which union merges and
// duplicate removal rely on).
func appendSample(b []byte, r status.Result) []byte {
	b = append(b, `{"time":"`...)
	b = r.Time.UTC().Truncate(time.Second).AppendFormat(b, time.RFC3339)
	b = append(b, `","component":`...)
	b = appendString(b, r.Component)
	b = append(b, `,"probe":`...)
	b = appendString(b, r.Probe)
	if r.Region != "" {
		b = append(b, `,"region":`...)
		b = appendString(b, r.Region)
	}
	b = append(b, `,"outcome":"`...)
	b = append(b, r.Outcome...)
	b = append(b, `","latency_ms":`...)
	b = strconv.AppendInt(b, latencyMS(r.Latency), 10)
	b = append(b, `,"reason":`...)
	b = appendString(b, r.Reason)
	if r.DaysLeft != nil {
		b = append(b, `,"days_left":`...)
		b = strconv.AppendInt(b, int64(*r.DaysLeft), 10)
	}
	return append(b, "}\n"...)
}

// appendRollup encodes a rollup as one line; zero degraded, down and
// maintenance counts, and rounds when quarters are written, are left out
// to keep a year of rollups small.
func appendRollup(b []byte, component, probe, region string, r Rollup) []byte {
	b = append(b, `{"day":"`...)
	b = r.Date().AppendFormat(b, time.DateOnly)
	b = append(b, `","component":`...)
	b = appendString(b, component)
	b = append(b, `,"probe":`...)
	b = appendString(b, probe)
	if region != "" {
		b = append(b, `,"region":`...)
		b = appendString(b, region)
	}
	if r.Quarters == nil {
		// Quarters say as much; older readers add up the counts.
		b = append(b, `,"rounds":`...)
		b = strconv.AppendInt(b, int64(r.Rounds), 10)
	}
	b = append(b, `,"up":`...)
	b = strconv.AppendInt(b, int64(r.Up), 10)
	if r.Degraded > 0 {
		b = append(b, `,"degraded":`...)
		b = strconv.AppendInt(b, int64(r.Degraded), 10)
	}
	if r.Down > 0 {
		b = append(b, `,"down":`...)
		b = strconv.AppendInt(b, int64(r.Down), 10)
	}
	if r.Maintenance > 0 {
		b = append(b, `,"maintenance":`...)
		b = strconv.AppendInt(b, int64(r.Maintenance), 10)
	}
	b = append(b, `,"p50_ms":`...)
	b = strconv.AppendInt(b, int64(r.P50MS), 10)
	b = append(b, `,"p95_ms":`...)
	b = strconv.AppendInt(b, int64(r.P95MS), 10)
	if r.Quarters != nil {
		b = append(b, `,"quarters":"`...)
		b = appendQuarters(b, r.Quarters)
		b = append(b, '"')
	}
	return append(b, "}\n"...)
}

func latencyMS(d time.Duration) int64 {
	ms := d.Round(time.Millisecond).Milliseconds()
	if ms < 0 {
		return 0
	}
	return min(ms, 1<<31-1)
}

const hex = "0123456789abcdef"

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD so
// that every line stays valid JSON.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				switch c {
				case '\n':
					b = append(b, '\\', 'n')
				case '\t':
					b = append(b, '\\', 't')
				case '\r':
					b = append(b, '\\', 'r')
				default:
					b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				}
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
