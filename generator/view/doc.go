// Package view turns a status.Snapshot into what a theme reads: content
// files that are nothing but front matter (the .Params of each page kind,
// documented in docs/theme.md), and the site data file. It knows nothing
// of Hugo, which reads these files in package render; every figure, local
// time and chart coordinate a page shows is computed here, so templates
// stay simple and the model is tested without a site build.
package view
