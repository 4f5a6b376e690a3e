package view

import (
	"errors"
	"math"
	"strconv"
)

// MarshalJSON writes b as encoding/json would, field by field, without
// its reflection: a site of a hundred components has ninety of them on
// each component's page, each with a label per language, and `buoy serve`
// encodes them all again after each edit. FuzzBarJSON compares the two.
func (b bar) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, 96+len(b.From)+len(b.To)+len(b.Status)+len(b.Incident)+64*len(b.Label))
	out = append(out, `{"from":`...)
	out = appendJSONString(out, b.From)
	if b.To != "" {
		out = append(out, `,"to":`...)
		out = appendJSONString(out, b.To)
	}
	out = append(out, `,"days":`...)
	out = strconv.AppendInt(out, int64(b.Days), 10)
	out = append(out, `,"status":`...)
	out = appendJSONString(out, b.Status)
	out = appendJSONInt(out, `,"no_data_days":`, b.NoDataDays)
	if b.Uptime != nil {
		out = append(out, `,"uptime":`...)
		var err error
		if out, err = appendJSONFloat(out, *b.Uptime); err != nil {
			return nil, err
		}
	}
	out = appendJSONInt(out, `,"rounds":`, b.Rounds)
	out = appendJSONInt(out, `,"down":`, b.Down)
	out = appendJSONInt(out, `,"degraded":`, b.Degraded)
	out = appendJSONInt(out, `,"maintenance":`, b.Maintenance)
	if b.Incident != "" {
		out = append(out, `,"incident":`...)
		out = appendJSONString(out, b.Incident)
	}
	if len(b.Label) > 0 {
		out = append(out, `,"label":`...)
		out = appendJSONStrings(out, b.Label)
	}
	return append(out, '}'), nil
}

// appendJSONInt appends key and n unless n is 0 (omitempty).
func appendJSONInt(b []byte, key string, n int) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(append(b, key...), int64(n), 10)
}

// appendJSONFloat is encoding/json's float64: the shortest decimal, in
// exponent form outside [1e-6, 1e21), with "e-09" written "e-9".
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b, nil
}
