// Package status holds buoy's domain: the site configuration, its components
// and probes, incidents and maintenance, and the states derived from them.
//
// It depends on nothing but the standard library so that every other package
// (parsing, probing, rendering, feeds) can share one vocabulary.
package status
