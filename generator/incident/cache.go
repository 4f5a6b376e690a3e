package incident

import (
	"encoding/binary"
	"io/fs"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
)

// Cache keeps parsed incidents from one process for the next, by a key of
// the file and what else Parse reads (buildcache.Table): a rebuild of a
// large site parses only the files that changed.
type Cache interface {
	Get(buildcache.Key) (string, bool)
	Put(buildcache.Key, string)
}

// ReadDirCached is ReadDir, taking the incident of a file that was valid
// when last parsed under the same components from cache, and keeping each
// valid one it parses there. Only incidents Parse returned may be in
// cache: they are not checked again.
func ReadDirCached(fsys fs.FS, cfg *status.Config, now time.Time, cache Cache) ([]status.Incident, diag.List) {
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	return readDir(fsys, cfg, now, nil, &cached{
		store:      cache,
		components: []byte(strings.Join(ids, "\n")),
		now:        now,
	})
}

// cached is a Cache as one read uses it. An entry is the time the file
// was checked against (Unix nanoseconds), then AppendBinary's encoding.
type cached struct {
	store      Cache
	components []byte // all of the configuration Parse reads
	now        time.Time
	dec        Decoder
}

func (c *cached) key(p string, data []byte) buildcache.Key {
	return buildcache.KeyOf([]byte("incident"), c.components, []byte(p), data)
}

// get returns the incident of the file at p whose bytes are data, if it
// was valid at a time no later than now: what has happened by then has
// happened by now, so it is valid now too (see Parse). A clock set back
// parses again.
func (c *cached) get(p string, data []byte) (*status.Incident, bool) {
	if c == nil {
		return nil, false
	}
	v, ok := c.store.Get(c.key(p, data))
	if !ok || len(v) < 8 || int64(binary.BigEndian.Uint64([]byte(v[:8]))) > c.now.UnixNano() {
		return nil, false
	}
	return c.dec.DecodeString(v[8:])
}

func (c *cached) put(p string, data []byte, in *status.Incident) {
	if c == nil {
		return
	}
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 2048), uint64(c.now.UnixNano()))
	c.store.Put(c.key(p, data), string(AppendBinary(v, in)))
}
