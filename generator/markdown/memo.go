package markdown

import (
	"sync"

	"github.com/buoystatus/buoy/generator/buildcache"
)

// Store keeps rendered HTML from one process for the next, by a key of
// the text and the renderer's options (buildcache.Table): a rebuild of a
// large site renders no text it rendered last time.
type Store interface {
	Get(buildcache.Key) (string, bool)
	Put(buildcache.Key, string)
}

// Stored makes the renderer look each text up in s before rendering it,
// and keep what it renders there. Only HTML this package rendered may be
// in s: it is returned as it is, as safe.
func Stored(s Store) Option {
	return func(o *options) { o.store = s }
}

// Memo makes the renderer remember the HTML of each text it renders, for
// a process that renders the same texts again and again: `buoy serve`
// renders every incident on each change, and Markdown is most of that
// cost. Texts not rendered between two calls of Sweep are forgotten, so
// memory follows the site rather than the session's history of edits.
func Memo() Option {
	return func(o *options) { o.memo = true }
}

// memo is a two-generation cache: a hit in the previous generation moves
// to the current one, and Sweep drops whatever was not moved.
type memo struct {
	mu         sync.Mutex
	cur, older map[string]string
}

func newMemo() *memo {
	return &memo{cur: map[string]string{}, older: map[string]string{}}
}

func (m *memo) get(src string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.cur[src]; ok {
		return h, true
	}
	h, ok := m.older[src]
	if ok {
		m.cur[src] = h
	}
	return h, ok
}

func (m *memo) put(src, html string) {
	m.mu.Lock()
	m.cur[src] = html
	m.mu.Unlock()
}

// Sweep forgets the texts not rendered since the previous Sweep. It does
// nothing on a renderer made without Memo.
func (r *Renderer) Sweep() {
	if r.memo == nil {
		return
	}
	r.memo.mu.Lock()
	r.memo.older, r.memo.cur = r.memo.cur, map[string]string{}
	r.memo.mu.Unlock()
}
