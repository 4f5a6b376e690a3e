package probe

import (
	"context"

	"github.com/buoystatus/buoy/generator/status"
)

// tcp checks that a port accepts connections.
func (c *check) tcp(ctx context.Context) {
	conn, err := c.r.opts.Dialer.DialContext(ctx, "tcp", c.p.Address)
	c.res.Latency = c.elapsed()
	if err != nil {
		c.set(status.OutcomeDown, "%s", c.errReason(err, stageConnect))
		return
	}
	conn.Close()
	c.set(status.OutcomeUp, "connected in %s", short(c.res.Latency))
}
