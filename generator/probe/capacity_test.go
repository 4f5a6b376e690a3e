package probe

import "testing"

func TestCapacity(t *testing.T) {
	for _, c := range []struct {
		limit uint64
		open  int
		want  int
	}{
		{limit: 1024, open: 10, want: (1024 - 10 - fdReserve) / fdsPerProbe},
		{limit: 20000, open: 30, want: (20000 - 30 - fdReserve) / fdsPerProbe},
		// Nothing left after the reserve: probes still run, one at a time.
		{limit: 64, open: 40, want: 1},
		{limit: 0, open: 0, want: 1},
		// Unlimited, or more than ports allow.
		{limit: ^uint64(0), open: 12, want: MaxWorkers},
		{limit: 1 << 20, open: 12, want: MaxWorkers},
	} {
		if got := capacity(c.limit, c.open); got != c.want {
			t.Errorf("capacity(%d, %d) = %d, want %d", c.limit, c.open, got, c.want)
		}
	}
	if n := Capacity(); n < 1 || n > MaxWorkers {
		t.Errorf("Capacity() = %d", n)
	}
}

func TestRoundWorkers(t *testing.T) {
	limit := Capacity()
	for _, c := range []struct{ asked, jobs, want int }{
		{asked: 0, jobs: 1000, want: min(1000, limit)},
		{asked: -1, jobs: 5, want: min(5, limit)},
		{asked: 8, jobs: 1000, want: min(8, limit)},
		{asked: DefaultWorkers, jobs: 3 * MaxWorkers, want: limit},
		{asked: 8, jobs: 0, want: 1},
	} {
		if got := roundWorkers(c.asked, c.jobs); got != c.want {
			t.Errorf("roundWorkers(%d, %d) = %d, want %d", c.asked, c.jobs, got, c.want)
		}
	}
}
