package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
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
// from the month files that may hold data since since (all when zero).
// Torn or corrupt lines are skipped with a warning naming file and line;
// only I/O failures are errors.
func (s *Store) Load(components []string, since time.Time) (*Set, error) {
	if components == nil {
		entries, err := os.ReadDir(s.dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("history: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() && componentRE.MatchString(e.Name()) {
				components = append(components, e.Name())
			}
		}
	}
	fromMonth := ""
	if !since.IsZero() {
		fromMonth = since.UTC().Format("2006-01")
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
				if errs[i] = l.loadComponent(fromMonth); errs[i] == nil {
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

// monthFiles lists a component's month files from fromMonth on, oldest first.
func (s *Store) monthFiles(component, fromMonth string) ([]string, error) {
	dir := filepath.Join(s.dir, component)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		month, ok := strings.CutSuffix(name, Ext)
		if !ok || e.IsDir() {
			continue
		}
		if _, err := time.Parse("2006-01", month); err != nil {
			continue
		}
		if month >= fromMonth {
			out = append(out, filepath.Join(dir, name))
		}
	}
	sort.Strings(out)
	return out, nil
}

// maxWarnings bounds the warnings for one file; a file of garbage says so
// once rather than a million times.
const maxWarnings = 5

func (l *loader) loadComponent(fromMonth string) error {
	files, err := l.store.monthFiles(l.component, fromMonth)
	if err != nil {
		return err
	}
	for _, path := range files {
		data, err := l.read(path)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		l.loadFile(path, data)
	}
	return nil
}

// read reads a file into the loader's buffer. Nothing decoded keeps a
// reference to it: reasons are copied into interned strings.
func (l *loader) read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// A writer may append meanwhile; what it adds later is read next time.
	size := int(st.Size())
	if cap(l.buf) < size {
		l.buf = make([]byte, size+size/4)
	}
	n, err := io.ReadFull(f, l.buf[:size])
	if err == io.ErrUnexpectedEOF {
		err = nil
	}
	return l.buf[:n], err
}

func (l *loader) loadFile(path string, data []byte) {
	var rec record
	var fp fastParser
	bad := 0
	warn := func(n int, msg string) {
		bad++
		if bad <= maxWarnings {
			l.warnings = append(l.warnings, fmt.Sprintf("%s:%d: %s", l.store.shown(path), n, msg))
		}
	}
	eachLine(data, func(n int, line []byte) {
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
