//go:build !unix

package sitefile

// noFollow is 0 where open has no such flag: there a link in an earlier
// site is read through, and replaced only if its target's bytes differ.
const noFollow = 0
