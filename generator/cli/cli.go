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
		"check":      checkCommand,
		"build":      buildCommand,
		"deploy-due": deployDueCommand,
		"version":    versionCommand,
		"init":       initCommand,
		"new":        newCommand,
		"probe":      probeCommand,
		"serve":      serveCommand,
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
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		env.usage(env.Stdout)
		if len(args) == 0 {
			return ErrUsage
		}
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		env.usage(env.Stderr)
		return usageErrorf("unknown command %q", args[0])
	}
	return cmd.run(ctx, env, args[1:])
}

func (env *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "buoy: a static status page generator\n\nUsage:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  buoy %-38s %s\n", cmds[n].usage, cmds[n].summary)
	}
}

// ErrUsage marks a command line that could not be understood (exit 2).
var ErrUsage = errors.New("usage error")

// ErrFailed marks a command that failed after saying why (exit 1).
var ErrFailed = errors.New("failed")

func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, args...))
}

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

// flags makes a flag set that reports to stderr and fails as a usage error.
func (env *Env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("buoy "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses flags, allowing them after positional arguments too.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ErrUsage
			}
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
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
	if p == "" || strings.HasPrefix(p, "/") {
		return p
	}
	return env.Dir + "/" + p
}
