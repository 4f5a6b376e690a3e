package view

import (
	"testing"
	"time"
)

func TestQuantityOf(t *testing.T) {
	for d, want := range map[time.Duration]quantity{
		0:                       {N: 0, Unit: "ms"},
		250 * time.Millisecond:  {N: 250, Unit: "ms"},
		999 * time.Millisecond:  {N: 999, Unit: "ms"},
		time.Second:             {N: 1, Unit: "s"},
		1500 * time.Millisecond: {N: 1.5, Unit: "s", Digits: 1},
		1250 * time.Millisecond: {N: 1.25, Unit: "s", Digits: 2},
		1304 * time.Millisecond: {N: 1.3, Unit: "s", Digits: 1},
		20 * time.Second:        {N: 20, Unit: "s"},
	} {
		if got := quantityOf(d); got != want {
			t.Errorf("quantityOf(%v) = %+v, want %+v", d, got, want)
		}
	}
}
