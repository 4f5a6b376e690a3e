package incident

import (
	"encoding/binary"
	"slices"
	"sync"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// codecVersion opens every encoding. Bump it whenever the bytes written for
// an incident change in layout or meaning (a field of status.Incident added,
// removed or reordered, a new location tag): a cache written by another
// build then reads as a miss, never as a wrong incident.
const codecVersion = 1

// Location tags. UTC and Local get their own because nearly every time is
// in one of them, and because their names are not what LoadLocation would
// need to give back the same *time.Location.
const (
	tagZero  = iota // time.Time{}
	tagUTC          // sec, nsec
	tagLocal        // sec, nsec, offset
	tagFixed        // sec, nsec, offset: FixedZone("", offset), from a written offset
	tagNamed        // sec, nsec, offset, name: LoadLocation(name), from `timezone:`
)

// AppendBinary appends in's encoding to b. The same incident always gives
// the same bytes, so that a cache can compare them.
func AppendBinary(b []byte, in *status.Incident) []byte {
	b = append(b, codecVersion)
	b = appendString(b, in.ID)
	b = appendString(b, in.Path)
	b = appendString(b, string(in.Kind))
	b = appendString(b, in.Title)
	b = appendString(b, in.Lang)
	b = appendCount(b, len(in.Components), in.Components == nil)
	for _, c := range in.Components {
		b = appendString(b, c)
	}
	b = appendString(b, string(in.Impact))
	b = appendCount(b, len(in.Affects), in.Affects == nil)
	keys := make([]string, 0, len(in.Affects))
	for k := range in.Affects {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(b, k)
		b = appendString(b, string(in.Affects[k]))
	}
	for _, t := range []time.Time{in.Started, in.Detected, in.Resolved, in.Window.Start, in.Window.End} {
		b = appendTime(b, t)
	}
	b = appendCount(b, len(in.Updates), in.Updates == nil)
	for _, u := range in.Updates {
		b = appendTime(b, u.At)
		b = appendString(b, string(u.Status))
		b = appendString(b, u.Text)
	}
	b = appendString(b, in.Postmortem)
	return binary.AppendVarint(b, int64(in.Issue))
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendCount writes 0 for nil and n+1 for n items: Parse leaves some
// absent lists nil and some present ones empty, and the cache must not
// blur the two.
func appendCount(b []byte, n int, isNil bool) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() && t.Location() == time.UTC {
		return append(b, tagZero)
	}
	name, loc := "", t.Location()
	tag := byte(tagNamed)
	switch {
	case loc == time.UTC:
		tag = tagUTC
	case loc == time.Local:
		tag = tagLocal
	case loc.String() == "":
		tag = tagFixed
	default:
		name = loc.String()
	}
	b = append(b, tag)
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	if tag != tagUTC {
		_, off := t.Zone()
		b = binary.AppendVarint(b, int64(off))
	}
	if tag == tagNamed {
		b = appendString(b, name)
	}
	return b
}

// A Decoder decodes what AppendBinary wrote. It keeps the zones it loads,
// since loading one costs more than decoding an incident. The zero value
// is ready; a Decoder is safe for concurrent use and must not be copied.
type Decoder struct {
	zones sync.Map // name -> *time.Location
}

// DecodeBinary decodes what AppendBinary wrote, as a fresh Decoder does.
func DecodeBinary(b []byte) (in *status.Incident, ok bool) {
	var d Decoder
	return d.Decode(b)
}

// Decode decodes what AppendBinary wrote. ok is false for anything else:
// bytes truncated, corrupt, followed by more, of another version, or not
// exactly as AppendBinary would write them. It is false too for a time
// this machine would not parse the same way now (its zone changed, or
// tzdata moved an offset), since the caller means to skip Parse.
func (d *Decoder) Decode(b []byte) (in *status.Incident, ok bool) {
	return d.DecodeString(string(b))
}

// DecodeString is Decode of the bytes of s. The incident's strings share
// s's memory: a cache read as one string makes no copy of each.
func (d *Decoder) DecodeString(s string) (in *status.Incident, ok bool) {
	if len(s) == 0 || s[0] != codecVersion {
		return nil, false
	}
	r := &reader{b: s[1:], d: d}
	in = &status.Incident{ID: r.string(), Path: r.string(), Kind: status.Kind(r.string()), Title: r.string(), Lang: r.string()}
	if n, isNil := r.count(1); !isNil {
		in.Components = make([]string, n)
		for i := range in.Components {
			in.Components[i] = r.string()
		}
	}
	in.Impact = status.Impact(r.string())
	if n, isNil := r.count(2); !isNil {
		in.Affects = make(map[string]status.ComponentStatus, n)
		prev := ""
		for i := range n {
			k := r.string()
			if i > 0 && k <= prev {
				r.fail() // not the sorted order AppendBinary writes
			}
			in.Affects[k], prev = status.ComponentStatus(r.string()), k
		}
	}
	in.Started, in.Detected, in.Resolved = r.time(), r.time(), r.time()
	in.Window.Start, in.Window.End = r.time(), r.time()
	if n, isNil := r.count(3); !isNil {
		in.Updates = make([]status.Update, n)
		for i := range in.Updates {
			in.Updates[i] = status.Update{At: r.time(), Status: status.UpdateStatus(r.string()), Text: r.string()}
		}
	}
	in.Postmortem = r.string()
	issue := r.varint()
	if in.Issue = int(issue); int64(in.Issue) != issue {
		r.fail()
	}
	if r.bad || len(r.b) > 0 {
		return nil, false
	}
	return in, true
}

// reader reads an encoding; its first failure sticks and empties it, so
// that the decoder can read straight on and check once at the end.
type reader struct {
	b   string
	bad bool
	d   *Decoder
}

func (r *reader) fail() { r.b, r.bad = "", true }

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// uvarint refuses a number written in more bytes than needed: re-encoding
// must give back the same bytes.
func (r *reader) uvarint() uint64 {
	// binary.Uvarint, over a string.
	var v uint64
	for i := 0; i < len(r.b) && i < binary.MaxVarintLen64; i++ {
		c := r.b[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 || i > 0 && c == 0 {
				break // overflow, or more bytes than needed
			}
			r.b = r.b[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	r.fail()
	return 0
}

func (r *reader) varint() int64 {
	u := r.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// count reads what appendCount wrote. Each item takes at least size bytes,
// so a forged count larger than what is left fails before it allocates.
func (r *reader) count(size int) (n int, isNil bool) {
	v := r.uvarint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(r.b)/size) {
		r.fail()
		return 0, false
	}
	return int(v - 1), false
}

func (r *reader) time() time.Time {
	tag := r.byte()
	if tag == tagZero || r.bad {
		return time.Time{}
	}
	sec, nsec := r.varint(), r.uvarint()
	if nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	if tag == tagUTC {
		if t = t.UTC(); t.IsZero() {
			r.fail() // AppendBinary writes tagZero for it
		}
		return t
	}
	off64 := r.varint()
	off := int(off64)
	if int64(off) != off64 {
		r.fail()
		return time.Time{}
	}
	// time.Parse reads an offset as Local whenever Local has that offset
	// at that instant, and as a nameless fixed zone otherwise: a stored
	// choice that this machine's Local would no longer make is stale.
	_, localOff := t.In(time.Local).Zone()
	switch tag {
	case tagLocal:
		if localOff != off {
			r.fail()
		}
		return t.In(time.Local)
	case tagFixed:
		if localOff == off {
			r.fail()
		}
		return t.In(time.FixedZone("", off))
	case tagNamed:
		loc := r.d.location(r.string())
		if loc == nil {
			r.fail()
			return time.Time{}
		}
		t = t.In(loc)
		if _, o := t.Zone(); o != off {
			r.fail()
		}
		return t
	}
	r.fail()
	return time.Time{}
}

// location loads a zone by name; nil when it cannot, or when the name is
// one AppendBinary writes with a tag of its own.
func (d *Decoder) location(name string) *time.Location {
	if loc, ok := d.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || loc == time.UTC || loc == time.Local || loc.String() != name {
		return nil
	}
	d.zones.Store(name, loc)
	return loc
}
