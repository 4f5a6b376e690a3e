package probe

// A probe holds at most two descriptors at once: an http probe looks up
// A and AAAA over two sockets at the same time, then may race an IPv4 and
// an IPv6 connection (RFC 8305); tls, dns and tcp probes hold one.
const fdsPerProbe = 2

// fdReserve is left to the rest of the process: standard streams, the
// runtime's poller, the history files a round appends to, the alerts sent
// after it.
const fdReserve = 64

// MaxWorkers bounds a round's concurrency where the open-file limit does
// not: the ports one address can connect from to one target.
const MaxWorkers = 1 << 16

// Capacity is how many probes this process can run at once: the
// descriptors its open-file limit leaves free, less a reserve, over what
// one probe holds. A probe past that would fail to open its socket ("too
// many open files") and be recorded as a target down, so Round never runs
// more at once. It is at least 1 and at most MaxWorkers.
func Capacity() int {
	limit, open, ok := openFiles()
	if !ok {
		return MaxWorkers
	}
	return capacity(limit, open)
}

// capacity is Capacity for an open-file limit and the descriptors already
// open.
func capacity(limit uint64, open int) int {
	// Clamped before the conversion: "unlimited" is the largest uint64.
	limit = min(limit, uint64(MaxWorkers*fdsPerProbe+fdReserve+open))
	return max((int(limit)-open-fdReserve)/fdsPerProbe, 1)
}
