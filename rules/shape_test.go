package rules

import (
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func TestIsKeyAt(t *testing.T) {
	k := fakekey.New("shape")
	for _, tt := range []struct {
		text string
		want bool
	}{
		{k, true},
		{"\"" + k + "\"", true},
		{strings.ToUpper(k), true},
		{"rh-api-" + k, false},
		{"prefix_" + k, false},
		{"a" + k, false},
		{k + "0", false},
		{k + "-x", false},
		{k + "_x", false},
		{k[:14] + "1" + k[15:], false}, // not version 4
		{k[:19] + "c" + k[20:], false}, // wrong variant
		{k[:8] + "_" + k[9:], false},   // no dash
		{k[:35] + "g", false},          // not hex
		{k[:35], false},                // too short
	} {
		s := 0
		if i := strings.IndexAny(tt.text, "0123456789abcdefABCDEF"); i > 0 && tt.text[i-1] == '"' {
			s = i
		}
		if got := isKeyAt([]byte(tt.text), s); got != tt.want {
			t.Errorf("isKeyAt(%q, %d) = %v, want %v", tt.text, s, got, tt.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	for _, u := range []string{
		"00000000-0000-4000-8000-000000000000",
		"ffffffff-ffff-4fff-bfff-ffffffffffff",
		"11111111-1111-4111-8111-111111111111",
		"aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa",
		"12345678-1234-4234-8234-123456789012",
		"12345678-1234-4567-89ab-cdef01234567",
		"01234567-89ab-4cde-8f01-23456789abcd",
		"abcdef12-3456-4789-abcd-ef1234567890",
		"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
		"deadbeef-1f2e-4d3c-9b8a-7f6e5d4c3b2a",
		"550e8400-e29b-41d4-a716-446655440000",
		"F47AC10B-58CC-4372-A567-0E02B2C3D479",
		"3fa85f64-5717-4562-b3fc-2c963f66afa6",
		"98765432-1fed-4cba-9876-543210fedcba",
	} {
		if !isPlaceholder([]byte(u)) {
			t.Errorf("%s is not seen as a placeholder", u)
		}
	}
	// Random keys are almost never placeholders (each check has odds
	// under 1e-6); these 20 000 are all real-looking.
	for i, k := range fakekey.N("placeholder", 20000) {
		if isPlaceholder([]byte(k)) {
			t.Errorf("random key %d (%s) seen as a placeholder", i, k)
		}
	}
}

func TestUpperCaseKey(t *testing.T) {
	k := strings.ToUpper(fakekey.New("upper"))
	text := []byte(`X-API-KEY: ` + k + "\n")
	ms := New().Match(text)
	if len(ms) != 1 || string(text[ms[0].Start:ms[0].End]) != k {
		t.Fatalf("got %+v, want the upper-case key as written", ms)
	}
}
