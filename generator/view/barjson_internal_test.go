package view

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// plainBar is bar without its MarshalJSON: what encoding/json writes.
type plainBar bar

func checkBarJSON(t *testing.T, b bar) {
	t.Helper()
	var want, got bytes.Buffer
	for _, c := range []struct {
		buf *bytes.Buffer
		v   any
	}{{&want, plainBar(b)}, {&got, b}} {
		enc := json.NewEncoder(c.buf)
		enc.SetEscapeHTML(false) // as encode
		if err := enc.Encode(c.v); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("MarshalJSON:\n%s\nencoding/json:\n%s", got.Bytes(), want.Bytes())
	}
}

func TestBarJSON(t *testing.T) {
	up := func(v float64) *float64 { return &v }
	full := bar{From: "2026-11-01", To: "2026-11-03", Days: 3, Status: "major_outage", NoDataDays: 1, Uptime: up(91.6), Rounds: 288, Down: 24, Degraded: 2, Maintenance: 1, Incident: "partial_outage",
		Label: map[string]string{"ru": "1 нояб. 2026 г.", "en": `Nov 1 "<&>" \ ` + "\u2028\x00", "pt-br": "x"}}
	checkBarJSON(t, full)
	// A field added to bar must be set in full, for MarshalJSON to be
	// compared on it.
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("bar.%s is not set in full", v.Type().Field(i).Name)
		}
	}
	checkBarJSON(t, bar{})
	checkBarJSON(t, bar{From: "x", Label: map[string]string{}})
	for _, f := range []float64{0, 100, 99.9, 1e-7, 1e21, 1e20, 5e-324, -0.5, math.MaxFloat64, 123456789.125} {
		b := full
		b.Uptime = &f
		checkBarJSON(t, b)
	}
	for _, n := range []int{-1, 1, math.MaxInt64} {
		checkBarJSON(t, bar{Days: n, NoDataDays: n, Rounds: n, Down: n, Degraded: n, Maintenance: n})
	}
	if _, err := json.Marshal(bar{Uptime: new(math.NaN())}); err == nil {
		t.Error("NaN encoded")
	}
}

func FuzzBarJSON(f *testing.F) {
	f.Add("2026-11-01", "", "operational", "en", "Nov 1", 99.5, 3)
	f.Add("\xff", "\u2028", "<&>", "\x00", `"\`, 1e-9, -1)
	f.Fuzz(func(t *testing.T, from, to, status, lang, label string, uptime float64, n int) {
		if math.IsNaN(uptime) || math.IsInf(uptime, 0) {
			return
		}
		checkBarJSON(t, bar{From: from, To: to, Status: status, Days: n, Down: n, Uptime: &uptime, Label: map[string]string{lang: label, label: from}})
	})
}
