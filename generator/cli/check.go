package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/monitoring"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
)

var checkCommand = command{
	usage:   "check [-C DIR] [--format text|github]",
	summary: "validate status.yaml, every incident and the issue forms",
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
	root := env.abs(*dir)
	r, err := repo.Load(root, env.Now())
	if err != nil {
		return report(env, err, *format)
	}
	// A template that does not parse fails the build as surely as a
	// broken incident: say so before the pull request is merged.
	if err := render.CheckTemplates(r.Config, root); err != nil {
		return report(env, err, *format)
	}
	// Issue forms list the components: a form that forgot one cannot
	// publish an incident about it.
	if err := staleForms(root, r.Config); err != nil {
		return report(env, err, *format)
	}
	// History is not checked, but a line in it that a build would skip
	// is worth a warning while the user is looking.
	if _, err := os.Stat(filepath.Join(root, "history")); err == nil {
		store := history.Open(filepath.Join(root, "history"), history.Options{Warn: env.Stderr, Base: env.Dir})
		if _, err := store.Load(componentIDs(r.Config), monitoring.Since(r.Config, env.Now())); err != nil {
			fmt.Fprintln(env.Stderr, "warning:", err)
		}
	}
	var incidents, maintenance int
	for _, in := range r.Incidents {
		if in.Kind == status.KindMaintenance {
			maintenance++
		} else {
			incidents++
		}
	}
	fmt.Fprintf(env.Stdout, "ok: %s, %s, %s\n", count(len(r.Config.Components), "component", "components"),
		count(incidents, "incident", "incidents"), count(maintenance, "maintenance window", "maintenance windows"))
	return nil
}

func componentIDs(cfg *status.Config) []string {
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	return ids
}

// count says n things in English: "1 component", "2 components".
func count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural2(n, one, many))
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
