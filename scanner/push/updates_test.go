package push

import (
	"strings"
	"testing"
)

func TestParseUpdates(t *testing.T) {
	a, b := strings.Repeat("a", 40), strings.Repeat("B", 40)
	zero := strings.Repeat("0", 40)
	us, err := ParseUpdates(strings.NewReader(a + " " + b + " refs/heads/main\n\n" + zero + " " + a + " refs/tags/v1 x\r\n" + b + " " + zero + " refs/heads/gone"))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 3 {
		t.Fatalf("got %d updates, want 3", len(us))
	}
	if us[0].Ref != "refs/heads/main" || us[0].Old.String() != a || us[0].New.String() != strings.ToLower(b) {
		t.Errorf("first update %+v", us[0])
	}
	if !us[1].Old.IsZero() || us[1].Ref != "refs/tags/v1 x" {
		t.Errorf("creation %+v", us[1])
	}
	if !us[2].New.IsZero() || us[2].Ref != "refs/heads/gone" {
		t.Errorf("deletion %+v", us[2])
	}
	for _, bad := range []string{
		a + " " + b + "\n",                         // no ref
		a + " " + b[:39] + " refs/heads/x\n",       // short id
		a + " " + strings.Repeat("g", 40) + " r\n", // not hex
		"garbage\n",
	} {
		if _, err := ParseUpdates(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: err %v, want an error on line 1", bad, err)
		}
	}
}

// TestParseUpdatesLimits: a line longer than git writes, or more lines
// than MaxUpdates, is refused without holding the input.
func TestParseUpdatesLimits(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	if _, err := ParseUpdates(strings.NewReader(long)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("a 1 MiB line: err %v", err)
	}
	line := strings.Repeat("a", 40) + " " + strings.Repeat("b", 40) + " refs/heads/x\n"
	many := strings.Repeat(line, MaxUpdates+1)
	if _, err := ParseUpdates(strings.NewReader(many)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("%d lines: err %v", MaxUpdates+1, err)
	}
	if us, err := ParseUpdates(strings.NewReader(strings.Repeat(line, 3))); err != nil || len(us) != 3 {
		t.Errorf("3 lines: %d, %v", len(us), err)
	}
}
