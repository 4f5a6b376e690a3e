package announce

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Site is what announcements are made of: the configuration, its
// incidents and maintenance, and the site's words.
type Site struct {
	Config    *status.Config
	Incidents []status.Incident
	Words     *words.Book
}

func (s *Site) words() words.Words {
	b := s.Words
	if b == nil {
		b = words.Builtin()
	}
	return b.In(s.Config.Language)
}

// Options say where the log is and who is running.
type Options struct {
	// HistoryDir is the history folder, which holds the announce log.
	HistoryDir string
	Now        func() time.Time
	// Since, when set, replaces the log's start for this run: nothing
	// that happened until then is announced. A target the log has no start
	// line for yet starts at Since, or at now.
	Since time.Time
	// Run names this run in the lines it writes; Claim and Send of one
	// run must be given the same.
	Run string
}

// Due is one announcement due to one target.
type Due struct {
	Event Event
	Post  notify.Post
}

// Held is an announcement another run has claimed and not yet reported on.
type Held struct {
	Target, Key, Run string
}

// Plan is what a run found to do.
type Plan struct {
	Due  []Due
	Held []Held
	// Started are the targets the log had no start line for: their log
	// starts with this run, at Since or now.
	Started []Start
	// Skipped are the undated events (Undated) there when a target's log
	// started: not sent now, nor by a later run.
	Skipped []Held
	// Targets is how many targets take incidents or maintenance.
	Targets int
}

// Start is where the log starts for a target.
type Start struct {
	Target string
	Since  time.Time
}

// Pending plans, without writing anything, what is to be announced at now
// given the log: every event since the log's start (or since) that a
// target takes and has neither been sent nor is claimed by a live run.
// It is what --dry-run shows and what Claim claims.
func Pending(site *Site, log *Ledger, now, since time.Time) *Plan {
	p := &Plan{}
	w := site.words()
	for _, t := range site.Config.Notify {
		if !announces(t) {
			continue
		}
		p.Targets++
		from := log.Start(t.ID)
		started := from.IsZero()
		if started {
			from = now
			if !since.IsZero() {
				from = since
			}
			p.Started = append(p.Started, Start{Target: t.ID, Since: from})
		}
		if !since.IsZero() {
			from = since
		}
		for _, e := range eventsFor(site, t, now) {
			if !e.Time.After(from) || log.Sent(t.ID, e.Key) {
				if started && Undated(e) && !log.Sent(t.ID, e.Key) {
					p.Skipped = append(p.Skipped, Held{Target: t.ID, Key: e.Key})
				}
				continue
			}
			if run, ok := log.Holder(t.ID, e.Key, "", now); ok {
				p.Held = append(p.Held, Held{Target: t.ID, Key: e.Key, Run: run})
				continue
			}
			p.Due = append(p.Due, Due{Event: e, Post: Post(site.Config, w, t, e)})
		}
	}
	return p
}

// announces reports whether t takes incidents or maintenance.
func announces(t status.NotifyTarget) bool {
	on := t.Takes()
	return slices.Contains(on, status.OnIncident) || slices.Contains(on, status.OnMaintenance)
}

// eventsFor lists the events of every incident target t takes at now,
// its reminders included, oldest first.
func eventsFor(site *Site, t status.NotifyTarget, now time.Time) []Event {
	var out []Event
	for i := range site.Incidents {
		in := &site.Incidents[i]
		if !t.WantsIncident(in) {
			continue
		}
		out = append(out, Events(in, now)...)
		if r, ok := Reminder(in, now, t.RemindBefore); ok {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return before(out[i], out[j]) })
	return out
}

// before orders events as they happened; a postmortem comes after the
// update it shares its time with.
func before(a, b Event) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.Before(b.Time)
	}
	return a.Kind != KindPostmortem && b.Kind == KindPostmortem
}

// Claim is the first phase of a run: under the log's lock it plans what is
// due and appends a claim line for each, and a start line for each target
// the log has none for. The claims are the run's to send once they are published (the
// deploy workflow pushes them; a run that loses that push race drops its
// claims and claims again on top of the winner's).
func Claim(site *Site, opts Options) (*Plan, error) {
	if opts.Run == "" {
		return nil, errors.New("announce: a claim needs a run id")
	}
	if !slices.ContainsFunc(site.Config.Notify, announces) {
		// Nothing to claim: leave a repository without a history folder
		// without one (locking creates it).
		return &Plan{}, nil
	}
	unlock, err := eventlog.Lock(opts.HistoryDir)
	if err != nil {
		return nil, fmt.Errorf("announce log: %w", err)
	}
	defer unlock()
	log, err := ReadLog(opts.HistoryDir)
	if err != nil {
		return nil, err
	}
	now := opts.Now().UTC()
	p := Pending(site, log, now, opts.Since)
	var lines []Line
	for _, st := range p.Started {
		since := st.Since.UTC()
		lines = append(lines, Line{Time: now, Op: OpStart, Target: st.Target, Since: &since})
	}
	for _, sk := range p.Skipped {
		lines = append(lines, Line{Time: now, Op: OpSkip, Target: sk.Target, Key: sk.Key})
	}
	for _, d := range p.Due {
		lines = append(lines, Line{Time: now, Op: OpClaim, Run: opts.Run, Target: d.Post.Target.ID, Key: d.Event.Key})
	}
	if err := appendLog(opts.HistoryDir, lines); err != nil {
		return nil, err
	}
	return p, nil
}

// Sent is what became of the announcements a run sent.
type Sent struct {
	Results []notify.PostResult
	// Keys are the results' event keys, in the same order.
	Keys []string
	// Lost are claims of this run another run's claim overrides (a union
	// merge kept both): that run sends them.
	Lost []Held
	// Gone are claims whose event is no longer in the repository (an
	// update deleted meanwhile): recorded as failed, never sent.
	Gone []Held
}

// Send is the second phase of a run: it sends the run's claims that stand
// (Ledger.Holder) and were not sent, and appends a sent or failed line for
// each. A failed one is claimed again by the next run.
func Send(ctx context.Context, site *Site, sender *notify.Sender, opts Options) (*Sent, error) {
	if opts.Run == "" {
		return nil, errors.New("announce: sending needs the run id of the claims")
	}
	log, err := ReadLog(opts.HistoryDir)
	if err != nil {
		return nil, err
	}
	now := opts.Now().UTC()
	targets := map[string]status.NotifyTarget{}
	for _, t := range site.Config.Notify {
		targets[t.ID] = t
	}
	w := site.words()
	out := &Sent{}
	var due []Due
	var lines []Line
	claims := log.Claims(opts.Run)
	keys := make([]pair, 0, len(claims))
	for p := range claims {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].target < keys[j].target || keys[i].target == keys[j].target && keys[i].key < keys[j].key
	})
	for _, p := range keys {
		if run, _ := log.Holder(p.target, p.key, opts.Run, now); run != opts.Run {
			out.Lost = append(out.Lost, Held{Target: p.target, Key: p.key, Run: run})
			continue
		}
		e, ok := claimed(site, targets, p, claims[p])
		if !ok {
			out.Gone = append(out.Gone, Held{Target: p.target, Key: p.key, Run: opts.Run})
			lines = append(lines, Line{Time: now, Op: OpFailed, Run: opts.Run, Target: p.target, Key: p.key, Error: "no longer in the repository or status.yaml"})
			continue
		}
		due = append(due, Due{Event: e, Post: Post(site.Config, w, targets[p.target], e)})
	}
	// Each thread in the order it happened. Every post of a thread in this
	// run replies to the last one sent before the run; Deliver makes each
	// reply to the one this run sent before it instead, if one was: a
	// failed post leaves no later one without its thread.
	sort.SliceStable(due, func(i, j int) bool { return before(due[i].Event, due[j].Event) })
	posts := make([]notify.Post, len(due))
	for i, d := range due {
		d.Post.ReplyTo = log.ReplyTo(d.Post.Target.ID, Thread(d.Event.Incident))
		posts[i] = d.Post
	}
	if len(posts) > 0 {
		out.Results = sender.Deliver(ctx, posts)
	}
	done := opts.Now().UTC()
	for i, r := range out.Results {
		e := due[i].Event
		out.Keys = append(out.Keys, e.Key)
		l := Line{Time: done, Run: opts.Run, Target: r.Post.Target.ID, Key: e.Key}
		if r.Err != nil {
			l.Op, l.Error = OpFailed, r.Err.Error()
		} else {
			l.Op, l.Thread, l.Remote = OpSent, Thread(e.Incident), r.Remote
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return out, nil
	}
	unlock, err := eventlog.Lock(opts.HistoryDir)
	if err != nil {
		return out, fmt.Errorf("announce log: %w", err)
	}
	defer unlock()
	return out, appendLog(opts.HistoryDir, lines)
}

// claimed finds the event a claim names, as it stood when it was claimed:
// a reminder's window is then still ahead even if it opened since.
func claimed(site *Site, targets map[string]status.NotifyTarget, p pair, at time.Time) (Event, bool) {
	t, ok := targets[p.target]
	if !ok {
		return Event{}, false
	}
	for _, e := range eventsFor(site, t, at) {
		if e.Key == p.key {
			return e, true
		}
	}
	return Event{}, false
}

// Run claims and sends in one process, for a checkout only this machine
// writes to: `buoy announce` without --claim or --send.
func Run(ctx context.Context, site *Site, sender *notify.Sender, opts Options) (*Plan, *Sent, error) {
	p, err := Claim(site, opts)
	if err != nil {
		return nil, nil, err
	}
	s, err := Send(ctx, site, sender, opts)
	return p, s, err
}
