package hostile

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Quadratic work: point 7 of the issue. One committed file must not stall
// CI: positions are computed in one pass, and findings per file are capped
// with a count of the rest.

// manyKeys is the number of keys in the 10 MB .env of the issue.
const manyKeys = 200_000

// manyKeysFile writes d/many.env, one CAMB_API_KEY line per key (50 bytes
// a line, 10 MB in all).
func manyKeysFile(e *Env) error {
	var b bytes.Buffer
	b.Grow(manyKeys * 50)
	for _, k := range e.Keys("many", manyKeys) {
		b.WriteString(EnvLine(k))
	}
	e.Write("d/many.env", b.String())
	return nil
}

// cappedFindings checks that a JSON report on stdout does not list every
// one of manyKeys findings of one file: the issue asks for a per-file cap
// with a count of the rest. The report is counted, not decoded: it can be
// 100 MB.
func cappedFindings(r *Result) error {
	n := bytes.Count(r.Stdout, []byte(`"secret_sha256"`))
	if n == 0 {
		return fmt.Errorf("no findings on stdout")
	}
	if n >= manyKeys {
		return fmt.Errorf("all %d findings of one file listed: no per-file cap", n)
	}
	return nil
}

func workCases() []Case {
	return []Case{
		{
			ID: "7a-200k-keys-text", Point: "7", What: "a 10 MB .env with 200 000 keys, text",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := manyKeysFile(e); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", e.Path("d")}, WantExit: []int{1}}, nil
			},
		},
		{
			ID: "7b-200k-keys-json", Point: "7", What: "the same as JSON: bounded, and capped per file",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := manyKeysFile(e); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					Check: cappedFindings}, nil
			},
		},
		{
			ID: "7c-long-line", Point: "7", What: "one 8.8 MB line with 20 000 keys",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				var b strings.Builder
				pad := strings.Repeat("x", 380)
				for i, k := range e.Keys("line", 20_000) {
					fmt.Fprintf(&b, "CAMB_API_KEY_%d=\"%s\"; /* %s */ ", i, k, pad)
				}
				b.WriteString("\n")
				e.Write("d/line.js", b.String())
				return &Invocation{Args: []string{"scan", e.Path("d")}, WantExit: []int{1}}, nil
			},
		},
	}
}
