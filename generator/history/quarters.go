package history

import (
	"errors"
	"strconv"
)

// QuartersPerDay is the number of quarter hours in a UTC day. Rollups are
// split by quarter hour because every time zone in use is a whole number
// of quarter hours from UTC: a local day is made of whole quarters, so
// bars drawn from rollups match the raw samples in any zone.
const QuartersPerDay = 96

const quarterSeconds = 86400 / QuartersPerDay

// appendQuarters writes runs as in docs/history.md: runs separated by
// commas, each "N*" (when N > 1) and the counts up.degraded.down.maintenance
// with trailing zeros left out, so a day of regular all-up rounds is "96*3".
func appendQuarters(b []byte, runs []QuarterRun) []byte {
	for i, r := range runs {
		if i > 0 {
			b = append(b, ',')
		}
		if r.N > 1 {
			b = strconv.AppendInt(b, int64(r.N), 10)
			b = append(b, '*')
		}
		counts := [4]int32{r.Up, r.Degraded, r.Down, r.Maintenance}
		n := 4
		for n > 1 && counts[n-1] == 0 {
			n--
		}
		for k, c := range counts[:n] {
			if k > 0 {
				b = append(b, '.')
			}
			b = strconv.AppendInt(b, int64(c), 10)
		}
	}
	return b
}

// parseQuarters reads what appendQuarters writes; the runs must cover
// exactly QuartersPerDay quarters. It returns the totals too.
func parseQuarters(v []byte) ([]QuarterRun, Quarter, error) {
	var runs []QuarterRun
	var sum [4]int64
	quarters := 0
	i := 0
	num := func() (int64, bool) {
		start := i
		var n int64
		for i < len(v) && v[i] >= '0' && v[i] <= '9' && i-start < 10 {
			n = n*10 + int64(v[i]-'0')
			i++
		}
		return n, i > start && n <= 1<<31-1 && (i == len(v) || v[i] < '0' || v[i] > '9')
	}
	for {
		r := QuarterRun{N: 1}
		n, ok := num()
		if !ok {
			return nil, Quarter{}, errors.New("quarters: expected a number")
		}
		if i < len(v) && v[i] == '*' {
			i++
			if n < 1 || n > QuartersPerDay {
				return nil, Quarter{}, errors.New("quarters: bad repeat count")
			}
			r.N = int32(n)
			if n, ok = num(); !ok {
				return nil, Quarter{}, errors.New("quarters: expected a number")
			}
		}
		counts := [4]int64{n}
		for k := 1; k < 4 && i < len(v) && v[i] == '.'; k++ {
			i++
			if counts[k], ok = num(); !ok {
				return nil, Quarter{}, errors.New("quarters: expected a number")
			}
		}
		r.Quarter = Quarter{int32(counts[0]), int32(counts[1]), int32(counts[2]), int32(counts[3])}
		for k := range sum {
			sum[k] += int64(r.N) * counts[k]
		}
		quarters += int(r.N)
		if quarters > QuartersPerDay {
			return nil, Quarter{}, errors.New("quarters: more than 96")
		}
		runs = append(runs, r)
		if i == len(v) {
			break
		}
		if v[i] != ',' {
			return nil, Quarter{}, errors.New("quarters: expected , between runs")
		}
		i++
	}
	if quarters != QuartersPerDay {
		return nil, Quarter{}, errors.New("quarters: fewer than 96")
	}
	for _, s := range sum {
		if s > 1<<31-1 {
			return nil, Quarter{}, errors.New("quarters: counts too large")
		}
	}
	return runs, Quarter{int32(sum[0]), int32(sum[1]), int32(sum[2]), int32(sum[3])}, nil
}

// quarterRuns counts a day's samples by quarter hour; maintenance says
// whether a sample was taken inside a maintenance window.
func quarterRuns(day int64, samples []Sample, maintenance func(unixNano int64) bool) []QuarterRun {
	var qs [QuartersPerDay]Quarter
	for _, x := range samples {
		q := &qs[(x.UnixNano-day*1e9)/(quarterSeconds*1e9)]
		switch {
		case maintenance(x.UnixNano):
			q.Maintenance++
		case x.Outcome == Up:
			q.Up++
		case x.Outcome == Degraded:
			q.Degraded++
		case x.Outcome == Down:
			q.Down++
		}
	}
	var runs []QuarterRun
	for _, q := range qs {
		if n := len(runs); n > 0 && runs[n-1].Quarter == q {
			runs[n-1].N++
			continue
		}
		runs = append(runs, QuarterRun{N: 1, Quarter: q})
	}
	return runs
}
