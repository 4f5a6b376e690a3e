// Command buoy builds a static status page and probes the services it reports on.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/buoystatus/buoy/generator/cli"
	"github.com/buoystatus/buoy/generator/safetext"
)

// stopGrace is how long a command has after SIGINT or SIGTERM to wind up
// through its context (remove its temporary folder, finish a line of
// history) before the process exits anyway: some phases cannot be cut
// short (a Hugo render), and none may hold up a CI job that is being
// cancelled. Exiting then is as safe as kill -9, which history and the
// site's swap are built to survive, and the next build removes the
// temporary folder it leaves.
const stopGrace = 1500 * time.Millisecond

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go watchdog(ctx, stop, os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(cli.ExitCode(err))
}

// watchdog waits for the first signal, gives a second one its default
// effect (the process ends at once), and ends the process with exit code
// 1 when the command is still running stopGrace later. When the command
// ends first, main exits before the watchdog wakes.
func watchdog(ctx context.Context, stop context.CancelFunc, stderr io.Writer) {
	<-ctx.Done()
	stop()
	time.Sleep(stopGrace)
	fmt.Fprintf(stderr, "buoy: stopped: still running %s after the signal\n", stopGrace)
	os.Exit(1)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	err := cli.Run(ctx, args, stdout, stderr)
	if err != nil && !errors.Is(err, cli.ErrFailed) {
		// Errors name files, and a file name can hold escape sequences.
		fmt.Fprintln(stderr, "buoy:", safetext.Lines(err.Error()))
	}
	return err
}
