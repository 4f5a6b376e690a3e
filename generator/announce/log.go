package announce

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
)

// LogFile is the announce log's name inside the history folder.
const LogFile = "announce.jsonl"

// ClaimTimeout is how long a claim holds without a result: a run that
// claimed an announcement and then crashed, or could not push what it
// sent, leaves it to be claimed again after this. The deploy workflow
// gives up long before.
const ClaimTimeout = time.Hour

// Operations of the log's lines.
const (
	OpStart  = "start"
	OpClaim  = "claim"
	OpSent   = "sent"
	OpFailed = "failed"
	// OpSkip marks an event that was there, undated, when a target's log
	// started: an update-less maintenance's announcement, which counts
	// from now for as long as its window is ahead. It is never sent.
	OpSkip = "skip"
)

// Line is one line of the announce log (docs/announce.md):
//
//	{"time":T,"op":"start","target":ID,"since":T}
//	{"time":T,"op":"claim","run":R,"target":ID,"key":K}
//	{"time":T,"op":"sent","run":R,"target":ID,"key":K,"thread":K,"remote":ID}
//	{"time":T,"op":"failed","run":R,"target":ID,"key":K,"error":E}
//	{"time":T,"op":"skip","target":ID,"key":K}
type Line struct {
	Time   time.Time  `json:"time"`
	Op     string     `json:"op"`
	Since  *time.Time `json:"since,omitempty"`
	Run    string     `json:"run,omitempty"`
	Target string     `json:"target,omitempty"`
	Key    string     `json:"key,omitempty"`
	Thread string     `json:"thread,omitempty"`
	Remote string     `json:"remote,omitempty"`
	Error  string     `json:"error,omitempty"`
}

func (l Line) valid() bool {
	switch l.Op {
	case OpStart:
		return l.Since != nil && !l.Since.IsZero() && l.Target != ""
	case OpClaim, OpSent, OpFailed:
		return !l.Time.IsZero() && l.Run != "" && l.Target != "" && l.Key != ""
	case OpSkip:
		return !l.Time.IsZero() && l.Target != "" && l.Key != ""
	}
	return false
}

type pair struct{ target, key string }

type claim struct {
	run  string
	time time.Time
}

// Ledger is what the log says, in whatever order a union merge left its
// lines.
type Ledger struct {
	// start is each target's earliest start line's since: a target is
	// sent nothing older than when it was first announced to.
	start  map[string]time.Time
	sent   map[pair]bool
	claims map[pair][]claim
	failed map[pair]map[string]bool
	// remote is the latest service id sent per target and thread.
	remote map[pair]Line
}

// ReadLog reads the announce log in historyDir. A line that does not
// decode is skipped (see eventlog.Read): at worst an announcement is
// claimed again.
func ReadLog(historyDir string) (*Ledger, error) {
	lines, err := eventlog.Read(filepath.Join(historyDir, LogFile), Line.valid)
	if err != nil {
		return nil, fmt.Errorf("announce log: %w", err)
	}
	l := &Ledger{start: map[string]time.Time{}, sent: map[pair]bool{}, claims: map[pair][]claim{}, failed: map[pair]map[string]bool{}, remote: map[pair]Line{}}
	for _, x := range lines {
		p := pair{x.Target, x.Key}
		switch x.Op {
		case OpStart:
			if s, ok := l.start[x.Target]; !ok || x.Since.Before(s) {
				l.start[x.Target] = x.Since.UTC()
			}
		case OpClaim:
			l.claims[p] = append(l.claims[p], claim{x.Run, x.Time})
		case OpSkip:
			l.sent[p] = true
		case OpSent:
			l.sent[p] = true
			if x.Remote != "" && x.Thread != "" {
				tp := pair{x.Target, x.Thread}
				// A run writes its sent lines at one time, in the order it
				// sent them: of lines at one time, the last is the latest.
				if prev, ok := l.remote[tp]; !ok || !x.Time.Before(prev.Time) {
					l.remote[tp] = x
				}
			}
		case OpFailed:
			if l.failed[p] == nil {
				l.failed[p] = map[string]bool{}
			}
			l.failed[p][x.Run] = true
		}
	}
	return l, nil
}

// Start is when the log started for target: nothing that happened until
// then is announced to it. Zero when it was never announced to.
func (l *Ledger) Start(target string) time.Time { return l.start[target] }

// Sent reports whether target was sent the event key.
func (l *Ledger) Sent(target, key string) bool { return l.sent[pair{target, key}] }

// Holder is the run whose claim on the event key for target stands at now,
// if any: a claim with no result, younger than ClaimTimeout; of several,
// the earliest (then the smallest run id), the same on every machine
// whatever order the lines were merged in. A run's own claim stands
// however old: it is sending it.
func (l *Ledger) Holder(target, key, self string, now time.Time) (string, bool) {
	p := pair{target, key}
	var best claim
	found := false
	for _, c := range l.claims[p] {
		if l.failed[p][c.run] {
			continue
		}
		if c.run != self && now.Sub(c.time) >= ClaimTimeout {
			continue
		}
		if !found || c.time.Before(best.time) || (c.time.Equal(best.time) && c.run < best.run) {
			best, found = c, true
		}
	}
	return best.run, found
}

// Claims lists the event keys run claimed for target and has no result
// for yet, with the time of each claim.
func (l *Ledger) Claims(run string) map[pair]time.Time {
	out := map[pair]time.Time{}
	for p, cs := range l.claims {
		for _, c := range cs {
			if c.run == run && !l.failed[p][run] && !l.sent[p] {
				if t, ok := out[p]; !ok || c.time.Before(t) {
					out[p] = c.time
				}
			}
		}
	}
	return out
}

// ReplyTo is the service's id of the latest post sent to target in
// thread, for the next to reply to.
func (l *Ledger) ReplyTo(target, thread string) string {
	return l.remote[pair{target, thread}].Remote
}

func appendLog(historyDir string, lines []Line) error {
	if err := eventlog.Append(filepath.Join(historyDir, LogFile), lines); err != nil {
		return fmt.Errorf("announce log: %w", err)
	}
	return nil
}
