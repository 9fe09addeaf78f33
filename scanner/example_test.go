package scanner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
)

// Scan a directory and print where each key is.
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	code := "from camb.client import CambAI\n\nclient = CambAI(\n    api_key=\"" + fakekey.New("example") + "\",\n)\n"
	os.WriteFile(filepath.Join(dir, "tts.py"), []byte(code), 0o644)

	src := files.NewSource(dir, files.Options{})
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s:%d:%d %s %s\n", filepath.Base(f.Path), f.Line, f.Column, f.RuleID, f.Confidence)
	}
	// Output: tts.py:4:14 camb-api-key-sdk high
}
