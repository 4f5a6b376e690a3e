// Package themes ships buoy's default Hugo theme inside the binary, so a
// status repository needs no theme folder of its own.
package themes

import (
	"embed"
	"io/fs"
)

// Default is the theme a site uses when status.yaml names none.
const Default = "buoy"

//go:embed all:buoy
var files embed.FS

// Buoy returns the default theme, rooted at its folder (layouts/, i18n/, …).
func Buoy() fs.FS {
	sub, err := fs.Sub(files, Default)
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}
