//go:build !linux

package hostile

func exchange(a, b string) error { return needs("renameat2 RENAME_EXCHANGE (linux)") }
