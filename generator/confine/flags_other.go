//go:build !unix

package confine

import "os"

const openFlags = os.O_RDONLY

// appendFlags open a history file for appending, created when missing.
const appendFlags = os.O_RDWR | os.O_APPEND | os.O_CREATE
