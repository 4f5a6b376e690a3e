package history

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestQuartersRoundTrip: what compaction writes reads back the same.
func TestQuartersRoundTrip(t *testing.T) {
	day := int64(20000 * 86400)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var samples []Sample
		for sec := int64(rng.IntN(600)); sec < 86400; sec += int64(1 + rng.IntN(1800)) {
			samples = append(samples, Sample{UnixNano: (day + sec) * 1e9, Outcome: Outcome(1 + rng.IntN(3))})
		}
		w := Windows{{(day + int64(rng.IntN(86400))) * 1e9, (day + int64(rng.IntN(86400))) * 1e9}}
		r := rollup(day, samples, w)
		line := appendRollup(nil, "web", "http", "", r)
		var rec record
		if err := parseLine(line[:len(line)-1], &rec); err != nil {
			t.Fatalf("%v:\n%s", err, line)
		}
		if fmt.Sprint(rec.quarters) != fmt.Sprint(r.Quarters) || rec.maint != int64(r.Maintenance) || rec.rounds != int64(r.Rounds) {
			t.Fatalf("read back differently:\n%s\n%v\n%v", line, rec.quarters, r.Quarters)
		}
	}
}
