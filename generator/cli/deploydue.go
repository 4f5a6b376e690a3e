package cli

import (
	"context"
	"fmt"

	"github.com/buoystatus/buoy/generator/publish"
	"github.com/buoystatus/buoy/generator/snapshot"
)

var deployDueCommand = command{
	usage:   "deploy-due [-C DIR] [--history DIR] [--every 1h] [--dry-run]",
	summary: "say whether the site needs a deploy (deploy=true|false): a state changed, or the last one is older than --every",
	run:     runDeployDue,
}

// runDeployDue prints deploy=true or deploy=false on stdout, in the form
// $GITHUB_OUTPUT takes, and why on stderr. A deploy it calls for is
// recorded in the history folder as done: the workflow deploys right after.
func runDeployDue(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("deploy-due")
	dir := dirFlag(fs)
	histDir := fs.String("history", "", "history `DIR` (default DIR/history)")
	every := fs.Duration("every", publish.DefaultEvery, "deploy when the last deploy is at least this `old`, even if nothing changed (0: after every round)")
	dry := fs.Bool("dry-run", false, "decide, but record nothing")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("deploy-due takes no arguments, got %q", rest)
	}
	if *every < 0 {
		return usageErrorf("--every must not be negative, got %s", *every)
	}
	snap, store, err := snapshot.Load(env.abs(*dir), env.Now(), snapshot.Options{History: env.abs(*histDir), Warn: env.Stderr})
	if err != nil {
		return report(env, err, "text")
	}
	d, err := publish.Due(snap, store.Dir(), *every, *dry)
	if err != nil {
		return err
	}
	verdict := "no deploy"
	if d.Due {
		verdict = "deploy"
	}
	fmt.Fprintf(env.Stderr, "%s: %s\n", verdict, d.Reason)
	fmt.Fprintf(env.Stdout, "deploy=%t\n", d.Due)
	return nil
}
