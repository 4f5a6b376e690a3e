package history

import (
	"slices"
	"sort"

	"github.com/buoystatus/buoy/generator/confine"
)

// scratch is what a Load worker reuses from one component to the next: a
// build reads some 100 MB and close to a million samples.
type scratch struct {
	buf  []byte       // a chunk of a file
	flat []flatSample // a component's samples in file order
}

// flatSample is a sample before it goes to its series. Samples are
// gathered in one reused slice and copied once into slices of the right
// size, because appending to each series directly regrows and copies
// them many times over.
type flatSample struct {
	Sample
	slot int32
}

// slot is a series being loaded.
type slot struct {
	s *Series
	n int // samples in flat
	// Consecutive samples of a probe mostly share a reason: checking the
	// last one first skips a map lookup.
	lastReason string
	lastIdx    uint32
	hasReason  bool
}

type loader struct {
	component string
	store     *Store
	fsys      *confine.FS
	*scratch
	slots     []slot
	last      int                       // the slot of the previous line
	byKey     map[string]map[string]int // probe, region: slot
	reasons   []string
	reasonIdx map[string]uint32
	warnings  []string
}

func newLoader(component string, store *Store, sc *scratch) *loader {
	sc.flat = sc.flat[:0]
	return &loader{component: component, store: store, scratch: sc,
		byKey: map[string]map[string]int{}, reasonIdx: map[string]uint32{}}
}

// slotOf finds the series of a probe and region. Lines of one round
// follow the order of the probes, so the slot after the previous line's
// is tried before the map.
func (l *loader) slotOf(probe, region []byte) int {
	if n := len(l.slots); n > 0 {
		for _, i := range [2]int{l.last, (l.last + 1) % n} {
			if s := l.slots[i].s; s.Probe == string(probe) && s.Region == string(region) {
				l.last = i
				return i
			}
		}
	}
	byRegion := l.byKey[string(probe)]
	if byRegion == nil {
		byRegion = map[string]int{}
		l.byKey[string(probe)] = byRegion
	}
	i, ok := byRegion[string(region)]
	if !ok {
		i = len(l.slots)
		s := &Series{Component: l.component, Probe: string(probe), Region: string(region)}
		l.slots = append(l.slots, slot{s: s})
		byRegion[s.Region] = i
	}
	l.last = i
	return i
}

// reason interns a sample's reason: the bytes point into the file buffer,
// which the next file overwrites.
func (l *loader) reason(sl *slot, b []byte) uint32 {
	if sl.hasReason && sl.lastReason == string(b) {
		return sl.lastIdx
	}
	i, ok := l.reasonIdx[string(b)]
	if !ok {
		i = uint32(len(l.reasons))
		l.reasons = append(l.reasons, string(b))
		l.reasonIdx[l.reasons[i]] = i
	}
	sl.lastReason, sl.lastIdx, sl.hasReason = l.reasons[i], i, true
	return i
}

func (l *loader) add(rec *record) {
	i := l.slotOf(rec.probe, rec.region)
	sl := &l.slots[i]
	if rec.rollup {
		sl.s.Rollups = append(sl.s.Rollups, Rollup{
			Day: rec.day, Rounds: int32(rec.rounds), Up: int32(rec.up), Degraded: int32(rec.deg), Down: int32(rec.dwn),
			Maintenance: int32(rec.maint), P50MS: int32(rec.p50), P95MS: int32(rec.p95), Quarters: rec.quarters,
		})
		return
	}
	sl.n++
	l.flat = append(l.flat, flatSample{
		Sample: Sample{UnixNano: rec.unixNano, LatencyMS: int32(rec.latencyMS), Outcome: rec.outcome, reason: l.reason(sl, rec.reason)},
		slot:   int32(i),
	})
}

// finish hands each series its samples, orders each series, drops
// duplicates and returns the series sorted by probe and region.
func (l *loader) finish() []*Series {
	// One array for the component: its series are used and freed together.
	all := make([]Sample, len(l.flat))
	off := 0
	for i := range l.slots {
		n := l.slots[i].n
		l.slots[i].s.Samples = all[off : off : off+n]
		off += n
	}
	for _, x := range l.flat {
		s := l.slots[x.slot].s
		s.Samples = append(s.Samples, x.Sample)
	}
	out := make([]*Series, len(l.slots))
	for i := range l.slots {
		s := l.slots[i].s
		s.reasons = l.reasons
		s.Samples = dedupSamples(s.Samples)
		s.Rollups = dedupRollups(s.Rollups)
		s.Samples = dropRolledUp(s.Samples, s.Rollups)
		out[i] = s
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Probe != out[j].Probe {
			return out[i].Probe < out[j].Probe
		}
		return out[i].Region < out[j].Region
	})
	return out
}

// dedupSamples sorts by time and keeps the first sample of each time: a
// union merge can bring the same line twice.
func dedupSamples(v []Sample) []Sample {
	if !slices.IsSortedFunc(v, cmpSample) {
		slices.SortStableFunc(v, cmpSample)
	}
	return slices.CompactFunc(v, func(a, b Sample) bool { return a.UnixNano == b.UnixNano })
}

func cmpSample(a, b Sample) int {
	switch {
	case a.UnixNano < b.UnixNano:
		return -1
	case a.UnixNano > b.UnixNano:
		return 1
	}
	return 0
}

// dedupRollups keeps one rollup per day: the one counting most samples,
// in case two compactions of one day saw different samples.
func dedupRollups(v []Rollup) []Rollup {
	slices.SortStableFunc(v, func(a, b Rollup) int {
		if a.Day != b.Day {
			if a.Day < b.Day {
				return -1
			}
			return 1
		}
		return int(b.Rounds+b.Maintenance) - int(a.Rounds+a.Maintenance)
	})
	return slices.CompactFunc(v, func(a, b Rollup) bool { return a.Day == b.Day })
}

// dropRolledUp removes the samples of days that have a rollup. Both are
// sorted by then, so one walk through the rollups serves.
func dropRolledUp(samples []Sample, rollups []Rollup) []Sample {
	if len(rollups) == 0 {
		return samples
	}
	j := 0
	return slices.DeleteFunc(samples, func(x Sample) bool {
		d := utcDay(x.UnixNano)
		for j < len(rollups) && rollups[j].Day < d {
			j++
		}
		return j < len(rollups) && rollups[j].Day == d
	})
}

// utcDay returns the Unix seconds of 00:00 UTC of the day holding t.
func utcDay(unixNano int64) int64 {
	sec := unixNano / 1e9
	if unixNano < 0 && unixNano%1e9 != 0 {
		sec--
	}
	d := sec / 86400
	if sec < 0 && sec%86400 != 0 {
		d--
	}
	return d * 86400
}
