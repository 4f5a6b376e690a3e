// Package outputtest reads buoy's outputs the way their readers do, for
// the tests of the writers (badge, feed, ical, statusapi) and the one
// golden and empty-site test over all of them in generator/build: a
// shields.io endpoint and an SVG badge, a JSON Feed, an iCalendar file by
// its library and by RFC 5545's line rules, and the Statuspage API by its
// documented shape. Each check returns an error saying what is wrong, so
// that a test can also show that it rejects a broken file.
//
// Only tests import it.
package outputtest
