// Package e2e holds the browser tests: the real Chromium (Debian's
// package) driven over the DevTools protocol (chromedp) against the real
// server on a real database. They skip, saying so, when Chromium is not
// installed; CI installs it and fails on a skip.
package e2e
