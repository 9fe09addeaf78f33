package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/cambscan/cambscan/scanner"
)

// A baselineFile is the on-disk baseline: fingerprints only, never keys.
type baselineFile struct {
	Schema       string   `json:"schema"`
	Fingerprints []string `json:"fingerprints"`
}

const baselineSchema = "cambscan-baseline/v1"

func readBaseline(name string) (map[string]bool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a cambscan baseline: %v", name, err)
	}
	if b.Schema != baselineSchema {
		return nil, fmt.Errorf("%s: schema %q, want %q", name, b.Schema, baselineSchema)
	}
	set := make(map[string]bool, len(b.Fingerprints))
	for _, fp := range b.Fingerprints {
		set[fp] = true
	}
	return set, nil
}

func writeBaseline(name string, fs []scanner.Finding) error {
	seen := map[string]bool{}
	b := baselineFile{Schema: baselineSchema, Fingerprints: []string{}}
	for i := range fs {
		fp := fs[i].Fingerprint()
		if !seen[fp] {
			seen[fp] = true
			b.Fingerprints = append(b.Fingerprints, fp)
		}
	}
	sort.Strings(b.Fingerprints)
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}
