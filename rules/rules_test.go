package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// fill replaces each {KEY} in s with key.
func fill(s, key string) string { return strings.ReplaceAll(s, "{KEY}", key) }

// wantConf is the confidence an example of rule r should get: header
// keys (and indirect keys read by a header) are high only in a text that
// mentions CAMB.
func wantConf(r Rule, text string) Confidence {
	low := strings.ToLower(text)
	if (r.ID == IDHeader || r.ID == IDIndirect) && !strings.Contains(low, "camb") {
		return Medium
	}
	return High
}

func TestRuleExamples(t *testing.T) {
	set := New()
	ids := map[string]bool{}
	for _, r := range All() {
		if ids[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		ids[r.ID] = true
		if r.Name == "" || r.Short == "" || r.Full == "" || r.Context == "" {
			t.Errorf("%s: missing metadata", r.ID)
		}
		if len(r.Examples) < 3 || len(r.NonExamples) < 3 {
			t.Errorf("%s: %d examples and %d non-examples, want at least 3 each", r.ID, len(r.Examples), len(r.NonExamples))
		}
		for i, ex := range r.Examples {
			key := fakekey.New(fmt.Sprintf("example-%s-%d", r.ID, i))
			text := fill(ex, key)
			ms := set.Match([]byte(text))
			if len(ms) != 1 {
				t.Errorf("%s example %d: %d matches, want 1\n%s\n%+v", r.ID, i, len(ms), text, ms)
				continue
			}
			m := ms[0]
			if m.RuleID != r.ID || m.Context != r.Context {
				t.Errorf("%s example %d: rule %s (%s), want %s\n%s", r.ID, i, m.RuleID, m.Context, r.ID, text)
			}
			if want := strings.Index(text, key); m.Start != want || m.End != want+len(key) {
				t.Errorf("%s example %d: span [%d,%d), want [%d,%d)", r.ID, i, m.Start, m.End, want, want+len(key))
			}
			if want := wantConf(r, ex); m.Confidence != want {
				t.Errorf("%s example %d: confidence %s, want %s\n%s", r.ID, i, m.Confidence, want, text)
			}
		}
		for i, ex := range r.NonExamples {
			text := fill(ex, fakekey.New(fmt.Sprintf("nonexample-%s-%d", r.ID, i)))
			if ms := set.Match([]byte(text)); len(ms) != 0 {
				t.Errorf("%s non-example %d: %d matches, want none\n%s\n%+v", r.ID, i, len(ms), text, ms)
			}
		}
	}
	if len(ids) != len(ruleTable) {
		t.Errorf("%d rules, want %d", len(ids), len(ruleTable))
	}
}

// A row is one table case: text with {KEY} placeholders, and the rule
// and confidence of the single match it must give ("" for none).
type row struct {
	name string
	text string
	want string
	conf Confidence
}

// runRows checks each row: a positive row gives exactly one match, of the
// wanted rule and confidence, spanning exactly the generated key; a
// negative row gives none.
func runRows(t *testing.T, rows []row) {
	t.Helper()
	set := New()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			key := fakekey.New("table-" + r.name)
			text := fill(r.text, key)
			ms := set.Match([]byte(text))
			if r.want == "" {
				if len(ms) != 0 {
					t.Fatalf("got %d matches, want none\n%s\n%+v", len(ms), text, ms)
				}
				return
			}
			if len(ms) != 1 {
				t.Fatalf("got %d matches, want 1 (%s)\n%s\n%+v", len(ms), r.want, text, ms)
			}
			m := ms[0]
			if m.RuleID != r.want || m.Confidence != r.conf {
				t.Errorf("got %s/%s, want %s/%s\n%s", m.RuleID, m.Confidence, r.want, r.conf, text)
			}
			if want := strings.Index(text, key); m.Start != want || m.End != want+len(key) || text[m.Start:m.End] != key {
				t.Errorf("span [%d,%d), want [%d,%d)", m.Start, m.End, want, want+len(key))
			}
		})
	}
}
