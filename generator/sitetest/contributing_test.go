package sitetest_test

import (
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// CONTRIBUTING.md shows this test, as written, to explain the harness.
func TestMaintenanceWindow(t *testing.T) {
	s := sitetest.Test(t, `
-- status.yaml --
title: Acme status
base_url: https://status.example.org/
components:
  - { id: web, name: Website }
-- incidents/2099-06-01-move.yaml --
title: Move
kind: maintenance
components: [web]
window: { start: 2099-06-01T01:00:00Z, end: 2099-06-01T03:00:00Z }
updates:
  - { at: 2024-04-20T09:00:00Z, status: scheduled, text: "Moving." }
`, time.Date(2024, 5, 1, 22, 0, 0, 0, time.UTC))

	// In this order; "! " means nowhere in the file.
	s.AssertFileContent("incidents/2099-06-01-move/index.html",
		`<h1 dir="auto">Move</h1>`, "Scheduled start", "! Duration")
	// By structure, where the markup around a value may change.
	s.AssertSelector("index.html", "#upcoming", "Upcoming maintenance")
	s.AssertAttr("index.html", `link[rel="canonical"]`, "href", "https://status.example.org/")
	s.AssertFileExists("incidents/index.html", false)
}
