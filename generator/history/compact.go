package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
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
	// Files rewritten, raw samples folded, rollups written, hour files
	// folded and removed, day folders removed with them.
	Files, Folded, Rollups, Removed, Days int
	// Moved counts the raw samples moved out of month files into hour
	// files: history written before day folders, upgraded once.
	Moved int
}

// Compact folds the raw samples of whole UTC days more than RawDays days
// before now into one rollup line per probe, region and day, counted by
// quarter hour, in the month file; samples inside a maintenance window of
// incidents count as maintenance. The day folders folded are then
// removed. Raw samples a month file holds (the layout before day folders,
// or a late merge from a region running an older buoy) move to their hour
// files, or are folded when old enough.
//
// A run compacts the first component folder that has work, and leaves the
// others to the next runs.
//
// Every step leaves the samples readable somewhere, so that a crash at any
// point loses none and the next run finishes the work: hour files are
// written before the month file drops the samples they take, and the month
// file holds a day's rollups before the day's files go. Files are replaced
// through a temporary file and a rename while appends to the component
// wait. Lines it cannot read are kept as they are.
func (s *Store) Compact(now time.Time, incidents []status.Incident) (CompactStats, error) {
	var st CompactStats
	today := utcDay(now.UnixNano())
	cutoff := today - RawDays*86400
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
		c := compaction{s: s, fsys: fsys, component: e.Name(), cutoff: cutoff, settle: today - 86400, maintenance: MaintenanceWindows(e.Name(), incidents), st: &st}
		if err := c.run(); err != nil {
			return st, fmt.Errorf("history: compact %s: %w", filepath.Join(s.dir, e.Name()), err)
		}
		// One component's folder per run: the round's commit then holds
		// one component's rewrites, tens of KB, not those of every
		// component on the first round of a day; the others follow in
		// the next rounds.
		if st != (CompactStats{}) {
			break
		}
	}
	return st, nil
}

type rollupKey struct {
	probe, region string
	day           int64
}

// compaction is the compaction of one component's folder.
type compaction struct {
	s           *Store
	fsys        *confine.FS
	component   string
	cutoff      int64 // days before are folded into rollups
	settle      int64 // days before, from cutoff on, are in one day file
	maintenance Windows
	st          *CompactStats

	months   map[string]*bytes.Buffer // month files to rewrite: their kept lines
	existing map[rollupKey]bool
	groups   map[rollupKey][]Sample // samples to fold
	moves    map[string][][]byte    // YYYY-MM-DD/HH or YYYY-MM-DD: lines to move into that file
	folded   []histFile             // files to remove
}

func (c *compaction) run() error {
	// Every probe run compacts, and mostly finds nothing to do: look
	// first, without blocking appends. Through fsys, as a build reads:
	// compaction rewrites files, and must not copy in one from outside.
	if due, err := c.due(); err != nil || !due {
		return err
	}
	unlock, err := lockDir(filepath.Join(c.s.dir, c.component), true)
	if err != nil {
		return err
	}
	defer unlock()
	// Read again under the lock: appends may have come since.
	files, err := c.s.files(c.fsys, c.component, "", "")
	if err != nil {
		return err
	}
	c.months, c.existing = map[string]*bytes.Buffer{}, map[rollupKey]bool{}
	c.groups, c.moves = map[rollupKey][]Sample{}, map[string][][]byte{}
	cutoffDate := time.Unix(c.cutoff, 0).UTC().Format(time.DateOnly)
	// Month files first: their rollups say which days are done.
	for _, f := range files {
		if !f.isDay() {
			if err := c.readMonth(f); err != nil {
				return err
			}
		}
	}
	settleDate := time.Unix(c.settle, 0).UTC().Format(time.DateOnly)
	for _, f := range files {
		switch {
		case !f.isDay():
		case f.date < cutoffDate:
			if err := c.readOldDay(f); err != nil {
				return err
			}
		case f.hour && f.date < settleDate:
			if err := c.settleHour(f); err != nil {
				return err
			}
		}
	}
	if err := c.writeDays(); err != nil {
		return err
	}
	if err := c.writeMonths(); err != nil {
		return err
	}
	days := map[string]bool{}
	for _, f := range c.folded {
		if err := os.Remove(c.path(f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		c.st.Removed++
		if f.hour {
			days[f.date] = true
		}
	}
	for day := range days {
		dir := filepath.Join(c.s.dir, c.component, day)
		// A folder left with files of other names keeps them.
		if err := os.Remove(dir); err == nil {
			c.st.Days++
		}
	}
	if len(days) > 0 && !c.s.opts.NoSync {
		syncDir(filepath.Join(c.s.dir, c.component))
	}
	return nil
}

func (c *compaction) path(name string) string {
	return filepath.Join(c.s.dir, filepath.FromSlash(name))
}

// due reports whether the folder holds a day to fold or a month file with
// raw samples.
func (c *compaction) due() (bool, error) {
	files, err := c.s.files(c.fsys, c.component, "", "")
	if err != nil {
		return false, err
	}
	cutoffDate := time.Unix(c.cutoff, 0).UTC().Format(time.DateOnly)
	settleDate := time.Unix(c.settle, 0).UTC().Format(time.DateOnly)
	for _, f := range files {
		if f.isDay() {
			if f.date < cutoffDate || f.hour && f.date < settleDate {
				return true, nil
			}
			continue
		}
		data, err := c.fsys.ReadFile(f.name)
		if err != nil {
			return false, err
		}
		if hasSamples(data) {
			return true, nil
		}
	}
	return false, nil
}

// readMonth notes a month file's rollups and sorts its raw samples into
// those to fold and those to move to hour files. The month file is
// rewritten only when it held raw samples.
func (c *compaction) readMonth(f histFile) error {
	data, err := c.fsys.ReadFile(f.name)
	if err != nil {
		return err
	}
	var kept bytes.Buffer
	samples := false
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
			c.existing[rollupKey{string(rec.probe), string(rec.region), rec.day}] = true
		default:
			samples = true
			c.sample(&rec, line)
			return
		}
		kept.Write(line)
		kept.WriteByte('\n')
	})
	if samples {
		c.months[f.date] = &kept
	}
	return nil
}

// readOldDay takes an hour file of a day to fold. Its rollups and
// unreadable lines, which a tool of the user's may have written, go to the
// month file.
func (c *compaction) readOldDay(f histFile) error {
	data, err := c.fsys.ReadFile(f.name)
	if err != nil {
		return err
	}
	kept := c.month(f.date[:7])
	var rec record
	eachLine(data, func(n int, line []byte) {
		torn, err := decode(line, &rec)
		if err == nil && torn {
			line = line[tornOffset(line):]
		}
		if err == nil && !rec.rollup {
			c.sample(&rec, line)
			return
		}
		if err == nil {
			c.existing[rollupKey{string(rec.probe), string(rec.region), rec.day}] = true
		}
		kept.Write(line)
		kept.WriteByte('\n')
	})
	c.folded = append(c.folded, f)
	return nil
}

// settleHour takes an hour file of a day that is over, for its lines to
// go into the day's file: a build then opens one file per past day, not 24.
// The day before yesterday at the earliest, so that a region's late push
// into an hour file never meets its removal.
func (c *compaction) settleHour(f histFile) error {
	data, err := c.fsys.ReadFile(f.name)
	if err != nil {
		return err
	}
	var rec record
	eachLine(data, func(n int, line []byte) {
		torn, err := decode(line, &rec)
		if err == nil && torn {
			line = line[tornOffset(line):]
		}
		if err == nil && !rec.rollup {
			c.sample(&rec, line)
			return
		}
		c.moves[f.date] = append(c.moves[f.date], slices.Clone(line))
	})
	c.folded = append(c.folded, f)
	return nil
}

// month returns the kept lines of a month file to rewrite, reading the
// file when it is not being rewritten yet.
func (c *compaction) month(month string) *bytes.Buffer {
	if b, ok := c.months[month]; ok {
		return b
	}
	b := &bytes.Buffer{}
	name := path.Join(c.component, month+Ext)
	// readMonth has seen every month file, so this one holds no samples
	// (it would be in c.months) or does not exist: copy it whole.
	if data, err := c.fsys.ReadFile(name); err == nil {
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	c.months[month] = b
	return b
}

// sample files a raw sample: folded when its day is old enough, else
// moved to its hour file.
func (c *compaction) sample(rec *record, line []byte) {
	day := utcDay(rec.unixNano)
	if day < c.cutoff {
		k := rollupKey{string(rec.probe), string(rec.region), day}
		c.groups[k] = append(c.groups[k], Sample{UnixNano: rec.unixNano, LatencyMS: int32(rec.latencyMS), Outcome: rec.outcome})
		c.month(time.Unix(day, 0).UTC().Format("2006-01"))
		return
	}
	to := time.Unix(0, rec.unixNano).UTC().Format("2006-01-02/15")
	if day < c.settle {
		to = to[:len(time.DateOnly)]
	}
	c.moves[to] = append(c.moves[to], slices.Clone(line))
}

// writeDays adds the moved samples to their hour files, leaving out lines
// a file holds already: a run cut short before the month file was
// rewritten moves them again.
func (c *compaction) writeDays() error {
	hours := slices.Sorted(maps.Keys(c.moves))
	for _, hour := range hours {
		name := path.Join(c.component, hour+Ext)
		data, err := c.fsys.ReadFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		have := map[string]bool{}
		eachLine(data, func(n int, line []byte) { have[string(line)] = true })
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		added := 0
		for _, line := range c.moves[hour] {
			if !have[string(line)] {
				have[string(line)] = true
				data = append(append(data, line...), '\n')
				added++
			}
		}
		c.st.Moved += len(c.moves[hour])
		if added == 0 {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(c.path(name)), 0o755); err != nil {
			return err
		}
		if err := c.s.writeAtomic(c.path(name), data); err != nil {
			return err
		}
		c.st.Files++
	}
	return nil
}

// writeMonths rewrites the month files: their kept lines, then the new
// rollups of their days.
func (c *compaction) writeMonths() error {
	keys := make([]rollupKey, 0, len(c.groups))
	for k := range c.groups {
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
		samples := dedupSamples(c.groups[k])
		c.st.Folded += len(samples)
		if c.existing[k] {
			// A rollup of this day exists already and counts these samples.
			continue
		}
		b := c.months[time.Unix(k.day, 0).UTC().Format("2006-01")]
		b.Write(appendRollup(nil, c.component, k.probe, k.region, rollup(k.day, samples, c.maintenance)))
		c.st.Rollups++
	}
	for _, month := range slices.Sorted(maps.Keys(c.months)) {
		name := path.Join(c.component, month+Ext)
		data := c.months[month].Bytes()
		old, err := c.fsys.ReadFile(name)
		if err == nil && bytes.Equal(old, data) || errors.Is(err, fs.ErrNotExist) && len(data) == 0 {
			continue
		}
		// A month file left empty stays: removing it would make a
		// region's late append to it a conflict in git.
		if err := c.s.writeAtomic(c.path(name), data); err != nil {
			return err
		}
		c.st.Files++
	}
	return nil
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

// hasSamples reports whether a month file holds a raw sample. Rollup
// lines as buoy writes them start with the day, so most lines are settled
// without decoding them.
func hasSamples(data []byte) bool {
	prefix := []byte(`{"day":"`)
	found := false
	var rec record
	eachLine(data, func(n int, line []byte) {
		if found || bytes.HasPrefix(line, prefix) {
			return
		}
		if _, err := decode(line, &rec); err == nil && !rec.rollup {
			found = true
		}
	})
	return found
}
