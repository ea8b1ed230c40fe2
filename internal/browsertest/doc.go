// Package browsertest drives the real chuhai server in headless Chromium: journeys through the public
// portal and each role's console, with an axe-core accessibility check (WCAG 2.1 A and AA) after every
// page. The tests run only when CHUHAI_BROWSER=1 (they need Debian's /usr/bin/chromium and the
// fonts-wqy-microhei font); otherwise they skip, so a plain `go test ./...` passes on any machine.
//
// To add a journey for a new area, write a test in this package with newSite and newBrowser and call
// visit for each page: it fails on a non-2xx response or on any serious or critical axe violation.
package browsertest
