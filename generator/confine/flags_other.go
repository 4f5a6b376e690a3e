//go:build !unix

package confine

import "os"

const openFlags = os.O_RDONLY
