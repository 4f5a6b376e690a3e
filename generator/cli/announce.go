package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/announce"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/snapshot"
)

var announceCommand = command{
	usage:   "announce [-C DIR] [--history DIR] [--dry-run] [--since T] [--timeout D] [--claim|--send --run ID]",
	summary: "tell the notify: targets that take incident or maintenance each new update, once, as the announce log records",
	run:     runAnnounce,
}

// announceTimeout bounds a run's sending unless --timeout says: room for
// every attempt at a few posts to a slow target, and short enough that a
// hung one cannot hold the deploy job for long.
const announceTimeout = 5 * time.Minute

var runRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func runAnnounce(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("announce")
	dir := dirFlag(fs)
	histDir := fs.String("history", "", "history `DIR`, which holds announce.jsonl (default DIR/history)")
	dry := fs.Bool("dry-run", false, "print what would be sent to whom; send and write nothing")
	sinceFlag := fs.String("since", "", "announce only what happened after `T` (2026-03-01 or RFC 3339; default: the log's start, or now on a first run)")
	claimOnly := fs.Bool("claim", false, "phase 1 only: record in the log what this run will send, for the workflow to push")
	sendOnly := fs.Bool("send", false, "phase 2 only: send what --run claimed and still holds, and record the results")
	timeout := fs.Duration("timeout", announceTimeout, "send within `D`, all targets together: what is not sent by then is recorded as failed, for the next run")
	run := fs.String("run", "", "`ID` of the run in the log's lines; --claim and --send of one run take the same (default: a random one)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageErrorf("announce takes no arguments, got %q", rest)
	case *claimOnly && *sendOnly:
		return usageErrorf("--claim and --send are the two phases of one run: give one, or neither for both")
	case *dry && (*claimOnly || *sendOnly):
		return usageErrorf("--dry-run writes nothing: it takes neither --claim nor --send")
	case (*claimOnly || *sendOnly) && *run == "":
		return usageErrorf("--claim and --send need --run ID, the same for both phases")
	case *timeout <= 0:
		return usageErrorf("--timeout must be positive, got %s", *timeout)
	case *run != "" && !runRE.MatchString(*run):
		return usageErrorf("run %q: use letters, digits, '.', '_' and '-' (at most 64)", *run)
	}
	since, err := parseSince(*sinceFlag)
	if err != nil {
		return usageErrorf("--since: %v", err)
	}
	if *run == "" {
		*run = randomRun()
	}
	now := env.Now()
	r, err := repo.Load(env.abs(*dir), now)
	if err != nil {
		return report(env, err, "text")
	}
	store, err := snapshot.Store(env.abs(*dir), snapshot.Options{History: env.abs(*histDir)})
	if err != nil {
		return err
	}
	site := &announce.Site{Config: r.Config, Incidents: r.Incidents, Words: r.Words}
	opts := announce.Options{HistoryDir: store.Dir(), Now: env.Now, Since: since, Run: *run}
	sender := notify.NewSender(notify.Options{Getenv: env.Getenv})
	switch {
	case *dry:
		log, err := announce.ReadLog(store.Dir())
		if err != nil {
			return err
		}
		printPlan(env, announce.Pending(site, log, now.UTC(), since), "would send")
		return nil
	case *claimOnly:
		p, err := claim(site, store, opts)
		if err != nil {
			return err
		}
		printPlan(env, p, "claimed")
		return nil
	}
	// The log records what the deadline cut short as failed; only the
	// sending is bounded, never the writing of the log.
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if *sendOnly {
		s, err := announce.Send(ctx, site, sender, opts)
		return printSent(env, s, err)
	}
	p, err := claim(site, store, opts)
	if err != nil {
		return err
	}
	s, err := announce.Send(ctx, site, sender, opts)
	if p != nil {
		printStart(env, p, "started")
		printHeld(env, p)
		if p.Targets == 0 {
			fmt.Fprintln(env.Stdout, noTargets)
			return err
		}
	}
	return printSent(env, s, err)
}

const noTargets = "no notify: target takes incident or maintenance (docs/announce.md): nothing to announce"

// claim is phase 1. A log it writes merges by union on the data branch:
// the history folder's .gitattributes says so, written here when no
// probe run has yet.
func claim(site *announce.Site, store *history.Store, opts announce.Options) (*announce.Plan, error) {
	p, err := announce.Claim(site, opts)
	if err != nil || p.Targets == 0 {
		return p, err
	}
	return p, store.EnsureGitAttributes()
}

// parseSince reads a date (midnight UTC) or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2026-03-01) nor an RFC 3339 time (2026-03-01T10:00:00Z)", s)
	}
	return t.UTC(), nil
}

// randomRun names a run that is both phases at once.
func randomRun() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "local-" + hex.EncodeToString(b)
}

// printStart names the targets whose log starts with this run.
func printStart(env *Env, p *announce.Plan, verb string) {
	for _, st := range p.Started {
		fmt.Fprintf(env.Stdout, "%s the announce log of %s at %s: nothing earlier is announced to it\n", verb, st.Target, st.Since.UTC().Format(time.RFC3339))
	}
}

func printHeld(env *Env, p *announce.Plan) {
	for _, h := range p.Held {
		fmt.Fprintf(env.Stdout, "held by run %s: %s %s\n", h.Run, h.Target, safetext.Printable(h.Key))
	}
}

// printPlan lists a plan: what a dry run would send, or what was claimed.
// Targets are named by id and type, never by their URL, which may be a
// secret.
func printPlan(env *Env, p *announce.Plan, verb string) {
	if verb == "would send" {
		printStart(env, p, "would start")
	} else {
		printStart(env, p, "started")
	}
	printHeld(env, p)
	if p.Targets == 0 {
		fmt.Fprintln(env.Stdout, noTargets)
		return
	}
	for _, d := range p.Due {
		t := d.Post.Target
		fmt.Fprintf(env.Stdout, "%s %s (%s): %s\n  %s\n  %s\n", verb, t.ID, t.Type, safetext.Printable(d.Event.Key), safetext.Printable(d.Post.Subject), safetext.Printable(d.Post.Link))
		if verb == "would send" {
			for _, line := range strings.Split(safetext.Lines(d.Post.Body), "\n") {
				fmt.Fprintln(env.Stdout, strings.TrimRight("  | "+line, " "))
			}
		}
	}
	if len(p.Due) == 0 {
		fmt.Fprintln(env.Stdout, "nothing to announce")
		return
	}
	fmt.Fprintf(env.Stdout, "%s %d announcement%s\n", verb, len(p.Due), plural(len(p.Due)))
}

// printSent says what was sent, on stdout, and what failed, on stderr; a
// failure fails the command once the log has recorded it.
func printSent(env *Env, s *announce.Sent, err error) error {
	if s == nil {
		return err
	}
	for _, g := range s.Gone {
		fmt.Fprintf(env.Stderr, "not sent: %s %s: no longer in the repository\n", g.Target, safetext.Printable(g.Key))
	}
	for _, l := range s.Lost {
		fmt.Fprintf(env.Stdout, "left to run %s: %s %s\n", l.Run, l.Target, safetext.Printable(l.Key))
	}
	failed := 0
	for i, r := range s.Results {
		if r.Err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "announcement not sent: %s %s: %v\n", r.Post.Target.ID, safetext.Printable(s.Keys[i]), r.Err)
			continue
		}
		fmt.Fprintf(env.Stdout, "announced %s: %s\n", r.Post.Target.ID, safetext.Printable(s.Keys[i]))
	}
	switch n := len(s.Results); {
	case n == 0:
		fmt.Fprintln(env.Stdout, "nothing to announce")
	default:
		fmt.Fprintf(env.Stdout, "sent %d of %d announcement%s\n", n-failed, n, plural(n))
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		// Recorded as failed: the next run tries them again.
		return ErrFailed
	}
	return nil
}
