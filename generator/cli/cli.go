// Package cli is buoy's command line: one file per command, each parsing
// its own flags and calling the packages that do the work.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Env is what a command may touch of the world. Commands read the clock,
// the environment and the working folder only through it, so tests run
// them in-process with fixed values.
type Env struct {
	Stdout, Stderr io.Writer
	Now            func() time.Time
	Getenv         func(string) string
	// Dir is the folder relative paths start from.
	Dir string
}

type command struct {
	usage   string // after "buoy "
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands is the dispatcher's table; each command file adds its entry.
func commands() map[string]command {
	return map[string]command{
		"announce":   announceCommand,
		"check":      checkCommand,
		"build":      buildCommand,
		"deploy-due": deployDueCommand,
		"forms":      formsCommand,
		"version":    versionCommand,
		"init":       initCommand,
		"issue":      issueCommand,
		"new":        newCommand,
		"probe":      probeCommand,
		"serve":      serveCommand,
		"theme":      themeCommand,
	}
}

// Run executes the command line args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	env := &Env{Stdout: stdout, Stderr: stderr, Now: time.Now, Getenv: os.Getenv, Dir: wd}
	return env.Run(ctx, args)
}

// Run executes args with this environment.
func (env *Env) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		env.usage(env.Stderr)
		return errUsageShown
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) == 0 || name != "help" || (len(args) == 1 && args[0] == "help") {
			env.usage(env.Stdout)
			return nil
		}
		if _, ok := commands()[args[0]]; !ok || len(args) > 1 {
			fmt.Fprintf(env.Stderr, "buoy help: no command %q; run 'buoy help' for the list\n", strings.Join(args, " "))
			return errUsageShown
		}
		// A command prints its help when asked with -h, from the flags it
		// defines: one place describes them.
		name, args = args[0], []string{"-h"}
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "buoy: unknown command %q\n\n", name)
		env.usage(env.Stderr)
		return errUsageShown
	}
	err := cmd.run(ctx, env, args)
	var help *helpRequest
	var usage *usageError
	switch {
	case errors.As(err, &help):
		env.commandHelp(env.Stdout, name, cmd, help.fs)
		return nil
	case errors.As(err, &usage):
		return env.usageFailure(name, usage.msg)
	}
	return err
}

// usageFailure says what was wrong with a command line and where its help
// is, and returns an error that exits 2 without being printed again.
func (env *Env) usageFailure(name, msg string) error {
	fmt.Fprintf(env.Stderr, "buoy %s: %s\nRun 'buoy help %s' for usage.\n", name, msg, name)
	return errUsageShown
}

func (env *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "buoy: a static status page generator\n\nUsage:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  buoy %-*s  %s\n", width, n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'buoy help COMMAND' (or buoy COMMAND -h) for a command's usage and flags.")
}

// commandHelp prints a command's usage line, summary and flags.
func (env *Env) commandHelp(w io.Writer, name string, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: buoy %s\n\n%s%s.\n", cmd.usage, strings.ToUpper(cmd.summary[:1]), cmd.summary[1:])
	var flags []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	if len(flags) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	for _, f := range flags {
		arg, text := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		line := "  " + dash + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintln(w, line)
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && !strings.Contains(text, "(default") {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "      %s%s\n", text, def)
	}
}

// ErrUsage marks a command line that could not be understood (exit 2).
var ErrUsage = errors.New("usage error")

// ErrFailed marks a command that failed after saying why (exit 1).
var ErrFailed = errors.New("failed")

// errUsageShown is a usage error already explained on stderr.
var errUsageShown = fmt.Errorf("%w: %w", ErrUsage, ErrFailed)

// usageError is a command line a command could not understand; Run prints
// it with the command's name.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return "usage error: " + e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// helpRequest is -h or --help on a command line: Run prints the help of
// the command from its flag set.
type helpRequest struct{ fs *flag.FlagSet }

func (*helpRequest) Error() string { return "help requested" }

// ExitCode maps a command's error to the documented exit codes:
// 0 success, 1 invalid input or a failed build, 2 usage error.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	return 1
}

// flags makes a flag set whose errors parse returns rather than prints.
func (env *Env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("buoy "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags, allowing them after positional arguments too.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs: fs}
			}
			return nil, usageErrorf("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// dirFlag adds the -C flag every repository command takes.
func dirFlag(fs *flag.FlagSet) *string {
	return fs.String("C", ".", "the status repository `DIR`")
}

// abs resolves a user path against the environment's folder.
func (env *Env) abs(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.Dir, p)
}
