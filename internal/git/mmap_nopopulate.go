//go:build unix && !linux

package git

// mapPopulate is Linux only; elsewhere pages are mapped on first use.
const mapPopulate = 0
