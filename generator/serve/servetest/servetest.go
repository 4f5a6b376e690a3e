// Package servetest opens the clients a preview server meets and must
// still stop with: one that never sends a request, a live-reload stream
// never read, and one that pipelines requests until the server's writes
// to it block.
package servetest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// StuckClients connects the three clients to addr, whose site answers
// page (such as "/acme/"), and returns them; they close at the end of t.
func StuckClients(t testing.TB, addr, page string) []net.Conn {
	t.Helper()
	silent := dial(t, addr) // and never sends a request
	stream := dial(t, addr)
	if _, err := io.WriteString(stream, "GET /_buoy/events HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// The stream answers at once: it is being served.
	if _, err := stream.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	greedy := dial(t, addr)
	req := bytes.Repeat([]byte("GET "+page+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"), 64)
	for {
		// Once the server's writes to greedy block, it reads no more
		// requests and this write, a while later, cannot complete.
		greedy.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
		if _, err := greedy.Write(req); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				break
			}
			t.Fatal(err)
		}
	}
	return []net.Conn{silent, stream, greedy}
}

// dial connects to addr with a small receive buffer, closed at the end.
func dial(t testing.TB, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	tc := c.(*net.TCPConn)
	if err := tc.SetReadBuffer(4096); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return tc
}
