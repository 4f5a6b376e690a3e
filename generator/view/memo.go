package view

import (
	"maps"
	"reflect"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// Memo keeps the content files of settled incidents from one render
// of a Session to the next: most incidents of a large site are long over
// and read the same at any build time, and a save changes one of them.
// Making their files again is most of the time spent preparing content.
type Memo struct {
	cfg   *status.Config // the configuration the files were made under
	joins DateTimeJoins  // and the theme's dateTime strings
	pages map[string]memoPage
}

type memoPage struct {
	in   status.Incident
	now  time.Time
	data []byte
}

// reset forgets every file when the configuration or the dateTime
// strings changed: component names, languages, the time zone and how
// times read show on incident pages.
func (m *Memo) reset(cfg *status.Config, joins DateTimeJoins) {
	if m == nil || m.cfg != nil && reflect.DeepEqual(m.cfg, cfg) && maps.Equal(m.joins, joins) {
		return
	}
	m.cfg, m.joins, m.pages = cfg, joins, nil
}

// get returns in's file as made at an earlier build time, if it reads
// the same now.
func (m *Memo) get(in *status.Incident, now time.Time) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	p, ok := m.pages[in.ID]
	if !ok || !settled(&p.in, p.now) || !settled(in, now) || !reflect.DeepEqual(&p.in, in) {
		return nil, false
	}
	return p.data, true
}

// keep replaces the files kept with those of this render.
func (m *Memo) keep(snap *status.Snapshot, files []File) {
	if m == nil {
		return
	}
	m.pages = make(map[string]memoPage, len(files))
	for i := range snap.Incidents {
		in := &snap.Incidents[i]
		if settled(in, snap.Now) {
			m.pages[in.ID] = memoPage{in: *in, now: snap.Now, data: files[i].Data}
		}
	}
}

// settled reports whether an incident's page is the same at now as at
// any later time: it is over, and every time it names has passed, so its
// phase, duration, end and lastmod no longer move.
func settled(in *status.Incident, now time.Time) bool {
	if in.Phase(now) != status.PhaseCompleted {
		return false
	}
	for _, t := range []time.Time{in.Started, in.Detected, in.Resolved, in.Window.Start, in.Window.End} {
		if t.After(now) {
			return false
		}
	}
	for _, u := range in.Updates {
		if u.At.After(now) {
			return false
		}
	}
	return true
}
