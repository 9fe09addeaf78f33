package rules

import (
	"reflect"
	"strings"
	"testing"
)

// TestRuleTableComplete fails when a rule lacks any field: every string
// and every list of Rule must be set, so a field added to Rule must be
// filled in for every rule (reports read it and keep no fallback).
func TestRuleTableComplete(t *testing.T) {
	names, contexts := map[string]bool{}, map[string]bool{}
	for _, r := range All() {
		v := reflect.ValueOf(r)
		for i := 0; i < v.NumField(); i++ {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if strings.TrimSpace(f.String()) == "" {
					t.Errorf("rule %q lacks %s", r.ID, name)
				}
			case reflect.Slice:
				if f.Len() == 0 {
					t.Errorf("rule %q lacks %s", r.ID, name)
				}
			default:
				t.Errorf("Rule.%s has kind %s: extend this test", name, f.Kind())
			}
		}
		if names[r.Name] || contexts[r.Context] {
			t.Errorf("rule %q: name %q or context %q used twice", r.ID, r.Name, r.Context)
		}
		names[r.Name], contexts[r.Context] = true, true
		if r.ID != "camb-api-key-"+r.Context {
			t.Errorf("rule %q: context %q does not end its id", r.ID, r.Context)
		}
		switch r.Precision {
		case "very-high", "high", "medium", "low": // SARIF's values
		default:
			t.Errorf("rule %q: precision %q is not a SARIF precision", r.ID, r.Precision)
		}
		if strings.HasSuffix(r.Phrase, ".") || strings.HasSuffix(r.Short, ".") {
			t.Errorf("rule %q: Phrase and Short are sentence parts, without a period", r.ID)
		}
	}
	for _, id := range []string{IDHeader, IDSDK, IDVariable, IDIndirect, IDConfig, IDNote} {
		r, ok := Lookup(id)
		if !ok || r.ID != id {
			t.Errorf("Lookup(%q) = %q, %v", id, r.ID, ok)
		}
	}
	if _, ok := Lookup("camb-api-key-none"); ok {
		t.Error("Lookup of an unknown id succeeded")
	}
	// Lookup and All hand out copies.
	r, _ := Lookup(IDHeader)
	r.Examples[0] = "changed"
	if again, _ := Lookup(IDHeader); again.Examples[0] == "changed" {
		t.Error("Lookup shares the table's slices")
	}
}
