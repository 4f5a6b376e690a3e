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

	"github.com/buoystatus/buoy/generator/cli"
	"github.com/buoystatus/buoy/generator/safetext"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(cli.ExitCode(err))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	err := cli.Run(ctx, args, stdout, stderr)
	if err != nil && !errors.Is(err, cli.ErrFailed) {
		// Errors name files, and a file name can hold escape sequences.
		fmt.Fprintln(stderr, "buoy:", safetext.Lines(err.Error()))
	}
	return err
}
