// Command example-history writes made-up but realistic probe history for
// the example site, so that screenshots and theme work show uptime bars,
// outages and response times without running probes for three months:
//
//	go run ./scripts/example-history            # writes .buoy-example-history/
//	go run ./cmd/buoy build --history .buoy-example-history
//
// It goes through history.Store like `buoy probe` does, then compacts, so
// the files look like a real history folder. The same seed gives the same
// story every time; only the clock moves it.
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
)

func main() {
	dir := flag.String("C", ".", "status repository `DIR`")
	out := flag.String("o", "", "history folder to write (default DIR/.buoy-example-history); it is replaced")
	days := flag.Int("days", 75, "days of history, ending now; older days of the bars show no data")
	interval := flag.Duration("interval", 5*time.Minute, "time between probe rounds")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dir, ".buoy-example-history")
	}
	if err := run(*dir, *out, *days, *interval, time.Now().UTC()); err != nil {
		fmt.Fprintln(os.Stderr, "example-history:", err)
		os.Exit(1)
	}
}

// outage is a stretch of failed rounds: days before now, its start hour
// (UTC) and length, and what the probe saw.
type outage struct {
	component, probe string
	daysAgo          int
	hour             float64
	length           time.Duration
	outcome          status.Outcome
	reason           string
}

var story = []outage{
	{"website", "home", 3, 14.5, 5 * time.Minute, status.OutcomeDown, "HTTP 502"}, // one round: a blip
	{"website", "home", 19, 9.2, 45 * time.Minute, status.OutcomeDown, "HTTP 502"},
	{"api", "health", 8, 7, 10 * time.Hour, status.OutcomeDegraded, "slow: 1.6s, limit 1s"},
	{"cloud", "status", 41, 2, 3 * time.Hour, status.OutcomeDown, "timeout after 10s"},
	{"mail", "smtp", 12, 22, 10 * time.Minute, status.OutcomeDown, "connection refused"},
	{"chat", "https", 27, 13, 25 * time.Minute, status.OutcomeDown, `body lacks "status": "OK"`},
	{"dns", "apex", 55, 4, 15 * time.Minute, status.OutcomeDown, "SERVFAIL"},
}

func run(dir, out string, days int, interval time.Duration, now time.Time) error {
	r, err := repo.Load(dir, time.Now())
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	store := history.Open(out, history.Options{NoSync: true})
	if err := store.EnsureGitAttributes(); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	end := now.Truncate(interval)
	start := end.AddDate(0, 0, -days)
	n := 0
	for _, c := range r.Config.Components {
		for i, p := range c.Probes {
			base := float64(60 + 50*i + 40*len(c.ID))
			var batch []status.Result
			for t := start; !t.After(end); t = t.Add(interval) {
				hour := float64(t.Hour()) + float64(t.Minute())/60
				// Busier in the day, with noise and a rare slow round.
				ms := base * (1 + 0.35*math.Sin((hour-8)/24*2*math.Pi) + 0.15*rng.NormFloat64())
				if rng.IntN(200) == 0 {
					ms *= 4
				}
				res := status.Result{
					Time: t, Component: c.ID, Probe: p.ID, Outcome: status.OutcomeUp,
					Latency: time.Duration(max(ms, 5)) * time.Millisecond,
				}
				for _, o := range story {
					from := end.AddDate(0, 0, -o.daysAgo).Truncate(24 * time.Hour).Add(time.Duration(o.hour * float64(time.Hour)))
					if o.component == c.ID && o.probe == p.ID && !t.Before(from) && t.Before(from.Add(o.length)) {
						res.Outcome, res.Reason = o.outcome, o.reason
						if o.outcome == status.OutcomeDown {
							res.Latency = 10 * time.Second
						} else {
							res.Latency = 1600 * time.Millisecond
						}
					}
				}
				batch = append(batch, res)
			}
			if err := store.Append(batch); err != nil {
				return err
			}
			n += len(batch)
		}
	}
	st, err := store.Compact(now, r.Incidents)
	if err != nil {
		return err
	}
	fmt.Printf("wrote %d samples to %s, %d folded into %d daily rollups\n", n, out, st.Folded, st.Rollups)
	return nil
}
