package history

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/status"
)

// CompactStats says what a compaction did.
type CompactStats struct {
	// Files rewritten, raw samples folded, rollups written.
	Files, Folded, Rollups int
}

// Compact folds raw samples older than RawDays days (whole UTC days before
// now) into one rollup line per probe, region and day, counted by quarter
// hour; samples inside a maintenance window of incidents count as
// maintenance. Each file is rewritten through a temporary file and a
// rename while appends to its component wait, so a crash leaves the old
// file or the new one. Lines it cannot read are kept as they are.
func (s *Store) Compact(now time.Time, incidents []status.Incident) (CompactStats, error) {
	var st CompactStats
	cutoff := utcDay(now.UnixNano()) - RawDays*86400
	lastMonth := time.Unix(cutoff-1, 0).UTC().Format("2006-01")
	fsys, done, err := s.open()
	if err != nil || fsys == nil {
		return st, err
	}
	defer done()
	entries, err := fsys.ReadDir(".")
	if err != nil {
		return st, s.errorf(err)
	}
	for _, e := range entries {
		if !e.IsDir() || !componentRE.MatchString(e.Name()) {
			continue
		}
		files, err := s.monthFiles(fsys, e.Name(), "")
		if err != nil {
			return st, err
		}
		for _, name := range files {
			if month := path.Base(name)[:7]; month > lastMonth {
				continue
			}
			if err := s.compactFile(fsys, name, cutoff, MaintenanceWindows(e.Name(), incidents), &st); err != nil {
				return st, fmt.Errorf("history: compact %s: %w", filepath.Join(s.dir, filepath.FromSlash(name)), err)
			}
		}
	}
	return st, nil
}

type rollupKey struct {
	probe, region string
	day           int64
}

func (s *Store) compactFile(fsys *confine.FS, name string, cutoff int64, maintenance Windows, st *CompactStats) error {
	// Every probe run calls Compact, which mostly finds nothing to do: look
	// first, without blocking appends. Through fsys, as a build reads:
	// compaction rewrites the file, and must not copy in one from outside.
	path := filepath.Join(s.dir, filepath.FromSlash(name))
	data, err := fsys.ReadFile(name)
	if err != nil {
		return err
	}
	if !hasOldSamples(data, cutoff) {
		return nil
	}
	unlock, err := lockDir(filepath.Dir(path), true)
	if err != nil {
		return err
	}
	defer unlock()
	// Read again under the lock: appends may have come since.
	if data, err = fsys.ReadFile(name); err != nil {
		return err
	}
	var kept []byte
	existing := map[rollupKey]bool{}
	groups := map[rollupKey][]Sample{}
	var rec record
	eachLine(data, func(n int, line []byte) {
		torn, err := decode(line, &rec)
		if err == nil && torn {
			line = line[tornOffset(line):]
		}
		switch {
		case err != nil:
			// Not ours to judge: keep it for a person to look at.
		case rec.rollup:
			existing[rollupKey{string(rec.probe), string(rec.region), rec.day}] = true
		case utcDay(rec.unixNano) < cutoff:
			k := rollupKey{string(rec.probe), string(rec.region), utcDay(rec.unixNano)}
			groups[k] = append(groups[k], Sample{UnixNano: rec.unixNano, LatencyMS: int32(rec.latencyMS), Outcome: rec.outcome})
			return
		}
		kept = append(kept, line...)
		kept = append(kept, '\n')
	})
	if len(groups) == 0 {
		return nil
	}
	component := filepath.Base(filepath.Dir(path))
	keys := make([]rollupKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.day != b.day {
			return a.day < b.day
		}
		if a.probe != b.probe {
			return a.probe < b.probe
		}
		return a.region < b.region
	})
	for _, k := range keys {
		samples := dedupSamples(groups[k])
		st.Folded += len(samples)
		if existing[k] {
			// A rollup of this day exists already and counts these samples.
			continue
		}
		kept = appendRollup(kept, component, k.probe, k.region, rollup(k.day, samples, maintenance))
		st.Rollups++
	}
	st.Files++
	return writeAtomic(path, kept)
}

// tornOffset is where the complete record in a torn line starts.
func tornOffset(line []byte) int {
	var rec record
	for i := 1; i < len(line); i++ {
		if line[i] == '{' && parseLine(line[i:], &rec) == nil {
			return i
		}
	}
	return 0
}

// rollup summarizes one day of samples; latency percentiles count only
// the samples that got an answer outside maintenance windows.
func rollup(day int64, samples []Sample, maintenance Windows) Rollup {
	r := Rollup{Day: day, Quarters: quarterRuns(day, samples, maintenance.Holds)}
	lat := make([]int32, 0, len(samples))
	for _, x := range samples {
		if maintenance.Holds(x.UnixNano) {
			r.Maintenance++
			continue
		}
		r.Rounds++
		switch x.Outcome {
		case Up:
			r.Up++
		case Degraded:
			r.Degraded++
		case Down:
			r.Down++
			// A timeout's duration says nothing of response time.
			continue
		}
		lat = append(lat, x.LatencyMS)
	}
	slices.Sort(lat)
	r.P50MS = Percentile(lat, 50)
	r.P95MS = Percentile(lat, 95)
	return r
}

// Percentile is the nearest-rank percentile of sorted values. The bars of
// days still raw take theirs with it too, so that a day reads the same
// before and after compaction.
func Percentile(sorted []int32, p int) int32 {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

// hasOldSamples reports whether data may hold a sample from before cutoff.
// Lines as buoy writes them start with the UTC time, so a byte comparison
// of the date settles most lines without decoding them.
func hasOldSamples(data []byte, cutoff int64) bool {
	cutoffDate := time.Unix(cutoff, 0).UTC().Format(time.DateOnly)
	prefix := []byte(`{"time":"`)
	found := false
	var rec record
	eachLine(data, func(n int, line []byte) {
		if found {
			return
		}
		if bytes.HasPrefix(line, prefix) && len(line) > len(prefix)+20 && line[len(prefix)+19] == 'Z' {
			found = string(line[len(prefix):len(prefix)+10]) < cutoffDate
			return
		}
		if _, err := decode(line, &rec); err == nil && !rec.rollup && utcDay(rec.unixNano) < cutoff {
			found = true
		}
	})
	return found
}
