package history

// fastParser decodes the lines buoy itself writes (appendSample,
// appendRollup), and samples without a reason: keys in that fixed order,
// strings without escapes, whole numbers. Nearly every line of a build is one of those, and matching key
// literals costs far less than scanning them. parse reports false for
// anything else, valid or not, and parseLine then decides. For every line
// it accepts, parseLine gives the same record (fastparse_test.go checks
// this, with fuzz targets).
type fastParser struct {
	// The last date seen: a file holds 288 samples a day per probe at a
	// 5-minute cadence, all with the same date.
	date    [10]byte
	dateSec int64
	hasDate bool
}

func (fp *fastParser) parse(line []byte, rec *record) bool {
	*rec = record{}
	p := fastScanner{b: line}
	switch {
	case p.lit(`{"time":"`):
		return p.sample(rec, fp)
	case p.lit(`{"day":"`):
		return p.rollup(rec)
	}
	return false
}

// utcSeconds is parseUTCSeconds, reading the date only when it changes.
func (fp *fastParser) utcSeconds(v []byte) (int64, bool) {
	if len(v) != 20 {
		return 0, false
	}
	if !fp.hasDate || string(v[:10]) != string(fp.date[:]) {
		day, ok := parseDate(v[:10])
		if !ok {
			return 0, false
		}
		copy(fp.date[:], v[:10])
		fp.dateSec, fp.hasDate = day, true
	}
	sec, ok := parseClock(v[10:])
	return (fp.dateSec + sec) * 1e9, ok
}

type fastScanner struct {
	b []byte
	i int
}

func (p *fastScanner) sample(rec *record, fp *fastParser) bool {
	// The time's bytes need no string scan: parseUTCSeconds accepts only
	// digits and separators, which parseLine would read the same way.
	if len(p.b)-p.i < 21 || p.b[p.i+20] != '"' {
		return false
	}
	t, ok := fp.utcSeconds(p.b[p.i : p.i+20])
	if !ok {
		return false
	}
	rec.unixNano, p.i = t, p.i+21
	if !p.names(rec) || !p.lit(`,"outcome":"`) {
		return false
	}
	switch {
	case p.lit(`up"`):
		rec.outcome = Up
	case p.lit(`down"`):
		rec.outcome = Down
	case p.lit(`degraded"`):
		rec.outcome = Degraded
	default:
		return false
	}
	if !p.lit(`,"latency_ms":`) {
		return false
	}
	if rec.latencyMS, ok = p.num(); !ok || rec.latencyMS > 1<<31-1 {
		return false
	}
	// Lines written by other tools, or by hand, often leave out an empty
	// reason; parseLine reads them as an empty one.
	if p.lit(`,"reason":"`) {
		if rec.reason, ok = p.str(); !ok {
			return false
		}
	}
	if p.lit(`,"days_left":`) {
		p.lit("-")
		if _, ok := p.num(); !ok {
			return false
		}
	}
	return p.end()
}

func (p *fastScanner) rollup(rec *record) bool {
	v, ok := p.str()
	if !ok {
		return false
	}
	if rec.day, ok = parseDate(v); !ok {
		return false
	}
	rec.rollup = true
	if !p.names(rec) {
		return false
	}
	if p.lit(`,"rounds":`) {
		if rec.rounds, ok = p.num(); !ok {
			return false
		}
		rec.hasRounds = true
	}
	if !p.lit(`,"up":`) {
		return false
	}
	if rec.up, ok = p.num(); !ok {
		return false
	}
	if p.lit(`,"degraded":`) {
		if rec.deg, ok = p.num(); !ok {
			return false
		}
	}
	if p.lit(`,"down":`) {
		if rec.dwn, ok = p.num(); !ok {
			return false
		}
	}
	if p.lit(`,"maintenance":`) {
		if rec.maint, ok = p.num(); !ok {
			return false
		}
	}
	if !p.lit(`,"p50_ms":`) {
		return false
	}
	if rec.p50, ok = p.num(); !ok {
		return false
	}
	if !p.lit(`,"p95_ms":`) {
		return false
	}
	if rec.p95, ok = p.num(); !ok {
		return false
	}
	// Numbers have at most 10 digits, so none of these sums overflows.
	sum := rec.up + rec.deg + rec.dwn
	if !rec.hasRounds {
		rec.rounds = sum
	}
	if rec.rounds != sum || sum+rec.maint > 1<<31-1 || rec.p50 > 1<<31-1 || rec.p95 > 1<<31-1 {
		return false
	}
	if p.lit(`,"quarters":"`) {
		v, ok := p.str()
		if !ok || rec.parseQuarters(v) != nil {
			return false
		}
	}
	return p.end()
}

// names reads the component, probe and optional region that follow the
// time or day in both kinds of line.
func (p *fastScanner) names(rec *record) bool {
	var ok bool
	if !p.lit(`,"component":"`) {
		return false
	}
	if rec.component, ok = p.str(); !ok {
		return false
	}
	if !p.lit(`,"probe":"`) {
		return false
	}
	if rec.probe, ok = p.str(); !ok || len(rec.probe) == 0 {
		return false
	}
	if p.lit(`,"region":"`) {
		if rec.region, ok = p.str(); !ok {
			return false
		}
	}
	return true
}

func (p *fastScanner) lit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// str reads the rest of a string whose opening quote was read. Escapes
// and control characters are left to parseLine.
func (p *fastScanner) str() ([]byte, bool) {
	for j := p.i; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			v := p.b[p.i:j]
			p.i = j + 1
			return v, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// num reads a non-negative whole number of at most 10 digits; a longer
// one, a fraction or an exponent is left to parseLine.
func (p *fastScanner) num() (int64, bool) {
	var n int64
	j := p.i
	for j < len(p.b) && p.b[j] >= '0' && p.b[j] <= '9' {
		if j-p.i == 10 {
			return 0, false
		}
		n = n*10 + int64(p.b[j]-'0')
		j++
	}
	if j == p.i {
		return 0, false
	}
	p.i = j
	return n, true
}

// end accepts the closing brace only as the last byte: trailing blanks are
// rare enough to leave to parseLine.
func (p *fastScanner) end() bool {
	return p.i == len(p.b)-1 && p.b[p.i] == '}'
}
