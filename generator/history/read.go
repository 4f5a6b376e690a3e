package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/confine"
)

// Set is the history of some components, as loaded for a build.
type Set struct {
	series map[string][]*Series
}

// Series is the history of one probe of one component as seen from one
// region, duplicates removed.
type Series struct {
	Component, Probe, Region string
	// Samples are raw results, oldest first, one per time.
	Samples []Sample
	// Rollups are daily summaries, oldest first, one per day. Raw samples
	// of a day that has a rollup are dropped: the rollup already counts them.
	Rollups []Rollup
	reasons []string
}

// Reason returns a sample's reason.
func (s *Series) Reason(x Sample) string {
	if int(x.reason) < len(s.reasons) {
		return s.reasons[x.reason]
	}
	return ""
}

// Component returns a component's series ordered by probe then region.
func (set *Set) Component(id string) []*Series { return set.series[id] }

// Counts returns how many samples and rollups the set holds.
func (set *Set) Counts() (samples, rollups int) {
	for _, ss := range set.series {
		for _, s := range ss {
			samples += len(s.Samples)
			rollups += len(s.Rollups)
		}
	}
	return samples, rollups
}

// Load reads the history of the given components (all found when nil)
// from the month and day files that may hold data since since (all when
// zero).
// Torn or corrupt lines are skipped with a warning naming file and line;
// only I/O failures are errors.
func (s *Store) Load(components []string, since time.Time) (*Set, error) {
	fsys, done, err := s.open()
	if err != nil {
		return nil, err
	}
	defer done()
	if components == nil && fsys != nil {
		entries, err := fsys.ReadDir(".")
		if err != nil {
			return nil, s.errorf(err)
		}
		for _, e := range entries {
			if e.IsDir() && componentRE.MatchString(e.Name()) {
				components = append(components, e.Name())
			}
		}
	}
	fromMonth, fromDay := "", ""
	if !since.IsZero() {
		fromMonth, fromDay = since.UTC().Format("2006-01"), since.UTC().Format(time.DateOnly)
	}
	warnings := make([][]string, len(components))
	series := make([][]*Series, len(components))
	errs := make([]error, len(components))
	next := make(chan int)
	var wg sync.WaitGroup
	// One worker per CPU: parsing, not the disk, is the bottleneck once
	// the files are in the page cache, as they are on a CI runner that
	// just checked them out.
	for range min(runtime.GOMAXPROCS(0), max(len(components), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch
			for i := range next {
				l := newLoader(components[i], s, &sc)
				l.fsys = fsys
				if errs[i] = l.loadComponent(fromMonth, fromDay); errs[i] == nil {
					series[i] = l.finish()
				}
				warnings[i] = l.warnings
			}
		}()
	}
	for i := range components {
		next <- i
	}
	close(next)
	wg.Wait()

	set := &Set{series: make(map[string][]*Series, len(components))}
	for i, id := range components {
		for _, w := range warnings[i] {
			fmt.Fprintln(s.opts.Warn, w)
		}
		if errs[i] != nil {
			return nil, errs[i]
		}
		set.series[id] = series[i]
	}
	return set, nil
}

// histFile is a history file of a component: a month's (rollups, and
// raw samples in the layout before day folders), a past day's or an
// hour's (raw samples).
type histFile struct {
	name string // its path in the store's FS
	date string // YYYY-MM, or the YYYY-MM-DD of the day (folder)
	hour bool   // in a day folder
}

func (f histFile) isDay() bool { return len(f.date) == len(time.DateOnly) }

// files lists a component's month files, day files and the hour files of
// its day folders, oldest first, by their paths in fsys (none when there is no
// history yet). Month files come from fromMonth on and days from fromDay
// on; "" takes all.
func (s *Store) files(fsys *confine.FS, component, fromMonth, fromDay string) ([]histFile, error) {
	if fsys == nil {
		return nil, nil
	}
	entries, err := fsys.ReadDir(component)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, s.errorf(err)
	}
	var out []histFile
	for _, e := range entries {
		name := e.Name()
		if date, ok := strings.CutSuffix(name, Ext); ok && !e.IsDir() {
			switch len(date) {
			case len("2006-01"):
				if _, err := time.Parse("2006-01", date); err == nil && date >= fromMonth {
					out = append(out, histFile{name: path.Join(component, name), date: date})
				}
			case len(time.DateOnly):
				if _, err := time.Parse(time.DateOnly, date); err == nil && date >= fromDay {
					out = append(out, histFile{name: path.Join(component, name), date: date})
				}
			}
			continue
		}
		if _, err := time.Parse(time.DateOnly, name); err != nil || len(name) != len(time.DateOnly) || !e.IsDir() || name < fromDay {
			continue
		}
		hours, err := s.dayFiles(fsys, path.Join(component, name))
		if err != nil {
			return nil, err
		}
		for _, h := range hours {
			out = append(out, histFile{name: h, date: name, hour: true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].date < out[j].date })
	return out, nil
}

// dayFiles lists the hour files of a day folder, HH.jsonl, in order.
func (s *Store) dayFiles(fsys *confine.FS, day string) ([]string, error) {
	entries, err := fsys.ReadDir(day)
	if err != nil {
		return nil, s.errorf(err)
	}
	var out []string
	for _, e := range entries {
		hour, ok := strings.CutSuffix(e.Name(), Ext)
		if !ok || e.IsDir() || len(hour) != 2 {
			continue
		}
		if _, err := time.Parse("15", hour); err != nil {
			continue
		}
		out = append(out, path.Join(day, e.Name()))
	}
	return out, nil
}

// maxWarnings bounds the warnings for one file; a file of garbage says so
// once rather than a million times.
const maxWarnings = 5

func (l *loader) loadComponent(fromMonth, fromDay string) error {
	files, err := l.store.files(l.fsys, l.component, fromMonth, fromDay)
	if err != nil {
		return err
	}
	for _, hf := range files {
		name := hf.name
		f, err := l.fsys.OpenRegular(name)
		if err != nil {
			return l.store.errorf(err)
		}
		// A writer may append meanwhile; what it adds later is read next time.
		err = l.loadFile(filepath.Join(l.store.dir, filepath.FromSlash(name)), f)
		f.Close()
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}

// MaxLine bounds a history line. buoy writes lines of a few hundred
// bytes; a longer one is refused (with a warning naming file and line),
// and never held in memory whole.
const MaxLine = 64 << 10

// readChunk is how much of a file is read at a time. Lines are parsed
// where they sit in the buffer: nothing decoded keeps a reference to it,
// reasons are copied into interned strings.
const readChunk = 1 << 20

func (l *loader) loadFile(path string, r io.Reader) error {
	var rec record
	var fp fastParser
	bad := 0
	warn := func(n int, msg string) {
		bad++
		if bad <= maxWarnings {
			l.warnings = append(l.warnings, fmt.Sprintf("%s:%d: %s", l.store.shown(path), n, msg))
		}
	}
	err := eachLineOf(r, &l.buf, func(n int, line []byte) {
		if line == nil {
			warn(n, fmt.Sprintf("skipped a line over %s: history lines are a few hundred bytes", confine.Size(MaxLine)))
			return
		}
		torn, err := fp.decode(line, &rec)
		if err != nil {
			warn(n, "skipped corrupt or torn line: "+err.Error())
			return
		}
		if torn {
			warn(n, "dropped the torn start of a line, kept the record after it")
		}
		if len(rec.component) > 0 && string(rec.component) != l.component {
			warn(n, fmt.Sprintf("skipped line of component %q in the folder of %q", rec.component, l.component))
			return
		}
		l.add(&rec)
	})
	if bad > maxWarnings {
		more := bad - maxWarnings
		l.warnings = append(l.warnings, fmt.Sprintf("%s: %d more line%s skipped", l.store.shown(path), more, map[bool]string{true: "s"}[more > 1]))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// eachLineOf calls fn for every non-blank line of r with its 1-based
// number, as eachLine does, reading a chunk at a time into *buf. A line
// over MaxLine is passed as nil, having been skipped rather than read
// whole: memory stays within a chunk and a line, whatever r holds.
func eachLineOf(r io.Reader, buf *[]byte, fn func(n int, line []byte)) error {
	if cap(*buf) < readChunk+MaxLine {
		*buf = make([]byte, readChunk+MaxLine)
	}
	b := (*buf)[:cap(*buf)]
	n, start, end := 0, 0, 0
	long := false // within a line over MaxLine, skipping to its end
	line := func(l []byte) {
		n++
		if long {
			long = false
			fn(n, nil)
			return
		}
		if len(l) > MaxLine {
			fn(n, nil)
			return
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		if len(bytes.TrimSpace(l)) > 0 {
			fn(n, l)
		}
	}
	for {
		// What is left of a line moves to the front; it is under MaxLine.
		end = copy(b, b[start:end])
		start = 0
		m, err := io.ReadAtLeast(r, b[end:], 1)
		end += m
		for {
			i := bytes.IndexByte(b[start:end], '\n')
			if i < 0 {
				break
			}
			line(b[start : start+i])
			start += i + 1
		}
		if end-start > MaxLine {
			long, start = true, end
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			if start < end || long {
				line(b[start:end])
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// eachLine calls fn for every non-blank line with its 1-based number.
func eachLine(data []byte, fn func(n int, line []byte)) {
	n := 0
	for len(data) > 0 {
		n++
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fn(n, line)
	}
}

// decode parses a line. When the line does not parse but ends with a
// complete record (a torn write followed by a good one, which a crashed
// writer racing a live one can leave), it returns that record with torn set.
func decode(line []byte, rec *record) (torn bool, err error) {
	var fp fastParser
	return fp.decode(line, rec)
}

// decode is decode with the fast parser's memory of the previous line.
func (fp *fastParser) decode(line []byte, rec *record) (torn bool, err error) {
	if fp.parse(line, rec) {
		return false, nil
	}
	err = parseLine(line, rec)
	if err == nil {
		return false, nil
	}
	for i := 1; i < len(line); i++ {
		j := bytes.Index(line[i:], []byte(`{"`))
		if j < 0 {
			break
		}
		i += j
		if fp.parse(line[i:], rec) || parseLine(line[i:], rec) == nil {
			return true, nil
		}
	}
	return false, err
}
