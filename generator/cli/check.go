package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/safetext"
)

var checkCommand = command{
	usage:   "check [-C DIR] [--format text|github]",
	summary: "validate status.yaml and every incident",
	run:     runCheck,
}

func runCheck(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("check")
	dir := dirFlag(fs)
	format := fs.String("format", "text", "`text` (path:line:col: message) or github (workflow annotations)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("check takes no arguments, got %q", rest)
	}
	if *format != "text" && *format != "github" {
		return usageErrorf("--format must be text or github, not %q", *format)
	}
	r, err := repo.Load(env.abs(*dir), env.Now())
	if err != nil {
		return report(env, err, *format)
	}
	fmt.Fprintf(env.Stdout, "ok: %d components, %d incidents and maintenance\n", len(r.Config.Components), len(r.Incidents))
	return nil
}

// report prints input problems in the requested format and turns them into
// a failure; other errors pass through.
func report(env *Env, err error, format string) error {
	var problems diag.List
	if !errors.As(err, &problems) {
		return err
	}
	for _, p := range problems {
		if format == "github" {
			fmt.Fprintln(env.Stdout, annotation(p))
		} else {
			fmt.Fprintln(env.Stderr, p.String())
		}
	}
	fmt.Fprintf(env.Stderr, "%d problem%s found\n", len(problems), plural(len(problems)))
	return ErrFailed
}

// annotation renders a problem as a GitHub Actions workflow command, so it
// shows inline on the pull request.
func annotation(p diag.Problem) string {
	var b strings.Builder
	b.WriteString("::error file=")
	b.WriteString(escapeProperty(safetext.Printable(p.Path)))
	if p.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", p.Line)
	}
	if p.Col > 0 {
		fmt.Fprintf(&b, ",col=%d", p.Col)
	}
	b.WriteString("::")
	b.WriteString(escapeData(safetext.Lines(p.Msg)))
	return b.String()
}

// Escaping as GitHub's actions/toolkit does for workflow commands.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
