// Command fakekey prints the fake CAMB key of each seed given, one a line,
// for scripts that need keys in inputs they build at run time.
//
//	go run ./internal/fakekey/cmd/fakekey SEED...
package main

import (
	"fmt"
	"os"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fakekey SEED...")
		os.Exit(2)
	}
	for _, seed := range os.Args[1:] {
		fmt.Println(fakekey.New(seed))
	}
}
