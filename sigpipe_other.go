//go:build !unix

package main

// ignoreSIGPIPE does nothing where there is no SIGPIPE: a write to a
// closed pipe already fails with an error.
func ignoreSIGPIPE() {}
