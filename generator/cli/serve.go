package cli

import (
	"context"
	"fmt"

	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/serve"
)

var serveCommand = command{
	usage:   "serve [-C DIR] [--addr ADDR]",
	summary: "preview the site at ADDR (default " + serve.DefaultAddr + "), rebuilt and reloaded on every change",
	run:     runServe,
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("serve")
	dir := dirFlag(fs)
	addr := fs.String("addr", serve.DefaultAddr, "listen on `ADDR` (host:port)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("serve takes no arguments, got %q", rest)
	}
	srv, err := serve.New(serve.Options{Dir: env.abs(*dir), Addr: *addr, Log: env.Stderr, Now: env.Now})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "serving %s on http://%s (Ctrl-C to stop)\n", safetext.Printable(*dir), srv.Addr())
	return srv.Run(ctx)
}
