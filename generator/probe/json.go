package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/buoystatus/buoy/generator/status"
)

// checkJSON returns why the body fails a json expectation, or "".
// redact is applied to values from the body before they are shortened
// for the reason: a secret the server echoes, once cut, would no longer
// match the secret and would leak in part.
func checkJSON(body []byte, checks []status.JSONCheck, redact func(string) string) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return "body is not JSON"
	}
	for _, ck := range checks {
		got, ok := lookup(doc, ck.Path)
		if !ok {
			return fmt.Sprintf("JSON %s missing", ck.Path)
		}
		if !jsonEqual(got, ck.Want) {
			if g, ok := got.(string); ok {
				got = redact(g)
			}
			return fmt.Sprintf("JSON %s is %s, expected %s", ck.Path, show(got), show(ck.Want))
		}
	}
	return ""
}

// lookup follows a dotted path; a numeric segment indexes an array.
func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, seg := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[seg]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// jsonEqual compares a decoded JSON value with a scalar from YAML. YAML
// gives `200` as a number and `ok` as a string; JSON may spell either way,
// so numbers compare by value and a string matches a number's text.
func jsonEqual(got, want any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case bool:
		g, ok := got.(bool)
		return ok && g == w
	case float64:
		switch g := got.(type) {
		case json.Number:
			f, err := g.Float64()
			return err == nil && f == w
		case string:
			f, err := strconv.ParseFloat(g, 64)
			return err == nil && f == w
		}
		return false
	case int:
		return jsonEqual(got, float64(w))
	case string:
		switch g := got.(type) {
		case string:
			return g == w
		case json.Number:
			return g.String() == w
		case bool:
			return strconv.FormatBool(g) == w
		}
		return false
	}
	return false
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return quoteJSON(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func quoteJSON(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
