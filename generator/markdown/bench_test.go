package markdown

import (
	"fmt"
	"testing"
)

// benchTexts are shaped like issue 20's set: four short updates and a
// postmortem per incident, each text different.
func benchTexts(n int) []string {
	var texts []string
	for i := range n {
		for u := range 4 {
			texts = append(texts, fmt.Sprintf("Update %d: requests to **component %d** are slow; see\nhttps://example.org/issues/%d and `pool_size`.\n", u, i%100, i))
		}
		texts = append(texts, fmt.Sprintf(`## Summary

For %d minutes the service answered slowly or not at all. About a third of
requests failed; see the [dashboard](https://example.org/dash/%d) for details.

## Timeline

| Time | Event |
|------|-------|
| 0 min | Errors start |
| 6 min | First alert |

## Root cause

A configuration change reduced the connection pool from 100 to **10**, and
under the evening load every worker waited on it. <b>Raw HTML</b> stays text.

## What we are changing

- Pool size is checked in CI.
- Alerts fire on latency, not only errors.
`, i%200, i))
	}
	return texts
}

func BenchmarkHTML(b *testing.B) {
	texts := benchTexts(200)
	r := New(HeadingBase(3))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			if _, err := r.HTML(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}
