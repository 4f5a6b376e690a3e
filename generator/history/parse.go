package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// record is one decoded line. Byte slices point into the line.
type record struct {
	rollup               bool
	unixNano             int64 // samples
	day                  int64 // rollups: Unix seconds of 00:00 UTC
	component, probe     []byte
	region, reason       []byte
	outcome              Outcome
	latencyMS            int64
	rounds, up, deg, dwn int64
	maint                int64
	hasRounds            bool
	p50, p95             int64
	quarters             []QuarterRun
}

// parseLine decodes one line of history: a flat JSON object. It is a
// purpose-built scanner because a build reads close to a million lines;
// it accepts any valid JSON object (keys in any order, escapes, unknown
// keys with any value) so that other tools can write history too.
func parseLine(line []byte, rec *record) error {
	*rec = record{}
	s := scanner{b: line}
	s.ws()
	if !s.eat('{') {
		return errors.New("not a JSON object")
	}
	var hasTime, hasDay, hasOutcome, hasLatency, hasUp bool
	var quarters []byte
	first := true
	for {
		s.ws()
		if s.eat('}') {
			break
		}
		if !first && !s.eat(',') {
			return s.errf("expected , or }")
		}
		first = false
		s.ws()
		key, err := s.str()
		if err != nil {
			return err
		}
		s.ws()
		if !s.eat(':') {
			return s.errf("expected :")
		}
		s.ws()
		switch string(key) {
		case "time":
			v, err := s.str()
			if err != nil {
				return err
			}
			if rec.unixNano, err = parseTime(v); err != nil {
				return err
			}
			hasTime = true
		case "day":
			v, err := s.str()
			if err != nil {
				return err
			}
			t, err := time.Parse(time.DateOnly, string(v))
			if err != nil {
				return fmt.Errorf("day %q is not YYYY-MM-DD", v)
			}
			rec.day, hasDay = t.Unix(), true
		case "component":
			if rec.component, err = s.str(); err != nil {
				return err
			}
		case "probe":
			if rec.probe, err = s.str(); err != nil {
				return err
			}
		case "region":
			if rec.region, err = s.str(); err != nil {
				return err
			}
		case "reason":
			if rec.reason, err = s.str(); err != nil {
				return err
			}
		case "outcome":
			v, err := s.str()
			if err != nil {
				return err
			}
			switch string(v) {
			case "up":
				rec.outcome = Up
			case "degraded":
				rec.outcome = Degraded
			case "down":
				rec.outcome = Down
			default:
				return fmt.Errorf("outcome %q is not up, degraded or down", v)
			}
			hasOutcome = true
		case "latency_ms":
			if rec.latencyMS, err = s.int(); err != nil {
				return err
			}
			hasLatency = true
		case "rounds":
			rec.rounds, err = s.int()
			rec.hasRounds = true
		case "up":
			rec.up, err = s.int()
			hasUp = true
		case "degraded":
			rec.deg, err = s.int()
		case "down":
			rec.dwn, err = s.int()
		case "maintenance":
			rec.maint, err = s.int()
		case "quarters":
			if quarters, err = s.str(); err == nil && quarters == nil {
				quarters = []byte{}
			}
		case "p50_ms":
			rec.p50, err = s.int()
		case "p95_ms":
			rec.p95, err = s.int()
		default:
			err = s.skip()
		}
		if err != nil {
			return err
		}
	}
	s.ws()
	if s.i != len(s.b) {
		return s.errf("text after the object")
	}
	if len(rec.probe) == 0 {
		return errors.New("no probe")
	}
	switch {
	case hasTime && hasDay:
		return errors.New("both time and day")
	case hasTime:
		if !hasOutcome {
			return errors.New("sample without outcome")
		}
		if !hasLatency {
			rec.latencyMS = 0
		}
		if rec.latencyMS < 0 || rec.latencyMS > 1<<31-1 {
			return errors.New("latency_ms out of range")
		}
	case hasDay:
		rec.rollup = true
		if !hasUp {
			return errors.New("rollup without up count")
		}
		sum := rec.up + rec.deg + rec.dwn
		if !rec.hasRounds {
			rec.rounds = sum
		}
		if rec.up < 0 || rec.deg < 0 || rec.dwn < 0 || rec.rounds != sum || rec.maint < 0 || sum+rec.maint > 1<<31-1 {
			return errors.New("rollup counts do not add up")
		}
		if rec.p50 < 0 || rec.p95 < 0 || rec.p50 > 1<<31-1 || rec.p95 > 1<<31-1 {
			return errors.New("rollup latency out of range")
		}
		if quarters != nil {
			return rec.parseQuarters(quarters)
		}
	default:
		return errors.New("neither time nor day")
	}
	return nil
}

// parseQuarters decodes a rollup's quarters, which must add up to its counts.
func (rec *record) parseQuarters(v []byte) error {
	runs, sum, err := parseQuarters(v)
	if err != nil {
		return err
	}
	if int64(sum.Up) != rec.up || int64(sum.Degraded) != rec.deg || int64(sum.Down) != rec.dwn || int64(sum.Maintenance) != rec.maint {
		return errors.New("rollup quarters do not add up to its counts")
	}
	rec.quarters = runs
	return nil
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) errf(format string, args ...any) error {
	return fmt.Errorf("column %d: %s", s.i+1, fmt.Sprintf(format, args...))
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a JSON string. Strings without escapes are returned in place;
// escaped ones are decoded by encoding/json (rare: reasons are plain).
func (s *scanner) str() ([]byte, error) {
	if !s.eat('"') {
		return nil, s.errf("expected a string")
	}
	start := s.i
	escaped := false
	for j := start; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			if !escaped {
				return s.b[start:j], nil
			}
			var out string
			if err := json.Unmarshal(s.b[start-1:j+1], &out); err != nil {
				return nil, s.errf("bad string: %v", err)
			}
			return []byte(out), nil
		case c == '\\':
			escaped = true
			j++
		case c < 0x20:
			return nil, s.errf("control character in string")
		}
	}
	return nil, s.errf("unterminated string")
}

// int reads a JSON number that must be a whole number.
func (s *scanner) int() (int64, error) {
	start := s.i
	neg := s.eat('-')
	var n int64
	digits := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		if n > (1<<62)/10 {
			return 0, s.errf("number too large")
		}
		n = n*10 + int64(s.b[s.i]-'0')
		s.i++
		digits++
	}
	if digits == 0 {
		return 0, s.errf("expected a number")
	}
	if s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		// A tool may write 12.0 or 1.2e3: accept, rounding to the unit.
		s.i = start
		end := s.numberEnd()
		var f float64
		if err := json.Unmarshal(s.b[start:end], &f); err != nil {
			return 0, s.errf("bad number")
		}
		s.i = end
		if f > 1<<62 || f < -(1<<62) {
			return 0, s.errf("number too large")
		}
		return int64(f + 0.5), nil
	}
	if neg {
		n = -n
	}
	return n, nil
}

func (s *scanner) numberEnd() int {
	j := s.i
	for j < len(s.b) {
		switch c := s.b[j]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			j++
		default:
			return j
		}
	}
	return j
}

// skip passes over any JSON value, for keys this version does not know.
func (s *scanner) skip() error {
	if s.i >= len(s.b) {
		return s.errf("expected a value")
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, err := s.str()
		return err
	case c == '{' || c == '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if _, err := s.str(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return nil
			}
		}
		return s.errf("unterminated value")
	case c == '-' || (c >= '0' && c <= '9'):
		s.i = s.numberEnd()
		return nil
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return nil
		}
	}
	return s.errf("expected a value")
}

// parseTime reads RFC 3339, with a fast path for the form buoy writes.
func parseTime(v []byte) (int64, error) {
	if t, ok := parseUTCSeconds(v); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return 0, fmt.Errorf("time %q is not RFC 3339", v)
	}
	return t.UnixNano(), nil
}

// parseUTCSeconds reads the form of RFC 3339 buoy writes,
// 2006-01-02T15:04:05Z, and nothing else.
func parseUTCSeconds(v []byte) (int64, bool) {
	if len(v) != 20 {
		return 0, false
	}
	day, ok1 := parseDate(v[:10])
	sec, ok2 := parseClock(v[10:])
	return (day + sec) * 1e9, ok1 && ok2
}

// parseDate reads YYYY-MM-DD as the Unix seconds of its 00:00 UTC.
func parseDate(v []byte) (int64, bool) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[5:7])
	d, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d) * 86400, true
}

// parseClock reads Thh:mm:ssZ as seconds since midnight.
func parseClock(v []byte) (int64, bool) {
	if len(v) != 10 || v[0] != 'T' || v[3] != ':' || v[6] != ':' || v[9] != 'Z' {
		return 0, false
	}
	h, ok1 := digits(v[1:3])
	m, ok2 := digits(v[4:6])
	s, ok3 := digits(v[7:9])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return int64(h*3600 + m*60 + s), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
