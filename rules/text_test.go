package rules

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// A header line whose key starts at column 20: h = {"x-api-key": "K"}.
const hline = `h = {"x-api-key": "{KEY}"}`

func TestPosition(t *testing.T) {
	key := fakekey.New("position")
	line := fill(hline, key)
	big := strings.Repeat("var a=1;", 1<<17) // 1 MiB, one line
	tests := []struct {
		name      string
		raw       []byte
		line, col int
		start     int // byte offset of the key in the decoded text; -1: do not check
	}{
		{"lf", []byte("one\ntwo\n" + line + "\n"), 3, 20, 27},
		{"crlf", []byte("one\r\ntwo\r\n" + line + "\r\n"), 3, 20, 29},
		{"cr-before-key-line", []byte("one\r\n\r\n" + line), 3, 20, 26},
		{"no-final-newline", []byte("one\n" + line), 2, 20, 23},
		{"bom", []byte("\xef\xbb\xbfone\n" + line + "\n"), 2, 20, 23},
		{"bom-crlf", []byte("\xef\xbb\xbfone\r\n" + line + "\r\n"), 2, 20, 24},
		{"utf16le-bom", utf16Encode([]byte("one\r\n# café ☕\r\n"+line+"\r\n"), binary.LittleEndian, true), 3, 20, -1},
		{"utf16be-bom", utf16Encode([]byte("one\n# café ☕\n"+line+"\n"), binary.BigEndian, true), 3, 20, -1},
		// Issue 10: a UTF-16 file with one stray byte and a file with one
		// NUL in its first 8 KB kept their keys from the matcher.
		{"utf16le-bom-odd-length", append(utf16Encode([]byte("one\r\ntwo\r\n"+line+"\r\n"), binary.LittleEndian, true), 'x'), 3, 20, -1},
		{"utf16be-bom-lone-surrogate", append(append(utf16Encode([]byte("one\n"), binary.BigEndian, true), 0xD8, 0x00), utf16Encode([]byte("\n"+line+"\n"), binary.BigEndian, false)...), 3, 20, -1},
		{"one-nul", []byte("one\x00\ntwo\n" + line + "\n"), 3, 20, 28},
		{"utf16le-no-bom", utf16Encode([]byte("one\r\ntwo\r\n"+line+"\r\n"), binary.LittleEndian, false), 3, 20, 29},
		// h = {" (6) émoji😀 (6 code points, 9 bytes) ": 1, " (7) x-api-key (9) ": " (4): 32 code points, 36 bytes.
		{"multibyte-before-key", []byte("# 日本\n" + fill(`h = {"émoji😀": 1, "x-api-key": "{KEY}"}`, key)), 2, 33, 9 + 36},
		// An invalid byte counts as one column and does not stop the scan.
		{"invalid-utf8", []byte("ok\n" + fill("h\xff = {\"x-api-key\": \"{KEY}\"}", key)), 2, 21, 3 + 20},
		{"end-of-1MB-line", []byte(big + fill(`fetch(u,{headers:{"x-api-key":"{KEY}"}})`, key)), 1, len(big) + 32, len(big) + 31},
	}
	set := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, skip := Text(tt.raw)
			if skip != "" {
				t.Fatalf("skipped: %s", skip)
			}
			ms := set.Match(text)
			if len(ms) != 1 {
				t.Fatalf("%d matches, want 1", len(ms))
			}
			m := ms[0]
			if string(text[m.Start:m.End]) != key {
				t.Fatalf("match %q, want the key", text[m.Start:m.End])
			}
			if tt.start >= 0 && m.Start != tt.start {
				t.Errorf("start %d, want %d", m.Start, tt.start)
			}
			if l, c := Position(text, m.Start); l != tt.line || c != tt.col {
				t.Errorf("start at %d:%d, want %d:%d", l, c, tt.line, tt.col)
			}
			if l, c := Position(text, m.End); l != tt.line || c != tt.col+keyLen {
				t.Errorf("end at %d:%d, want %d:%d", l, c, tt.line, tt.col+keyLen)
			}
		})
	}
}

func TestPositionEdges(t *testing.T) {
	text := []byte("ab\r\ncd")
	for _, tt := range []struct{ off, line, col int }{
		{-5, 1, 1}, {0, 1, 1}, {2, 1, 3}, {3, 1, 4}, {4, 2, 1}, {6, 2, 3}, {99, 2, 3},
	} {
		if l, c := Position(text, tt.off); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
	if l, c := Position(nil, 0); l != 1 || c != 1 {
		t.Errorf("Position(nil, 0) = %d:%d, want 1:1", l, c)
	}
}

func TestText(t *testing.T) {
	utf32le := []byte{0xFF, 0xFE, 0, 0}
	for _, r := range "k=é\n" {
		utf32le = binary.LittleEndian.AppendUint32(utf32le, uint32(r))
	}
	late := append(bytes.Repeat([]byte("a"), SniffLen), 0)
	const strayNUL = "# generated \x00 by a tool\nheaders = {\"x-api-key\": \"...\"}\n"
	// Machine data: every byte value in turn, as compressed data has them.
	machine := make([]byte, 4096)
	for i := range machine {
		machine[i] = byte(i * 7)
	}
	strayUnit := utf16Encode([]byte("a = b \u0201"+strings.Repeat(" text", 40)), binary.LittleEndian, false)
	tests := []struct {
		name string
		raw  []byte
		want string // decoded text, when skip is empty
		skip string // substring of the skip reason
	}{
		{"plain", []byte("hello"), "hello", ""},
		{"bom", []byte("\xef\xbb\xbfhi"), "hi", ""},
		{"bom-only", []byte("\xef\xbb\xbf"), "", ""},
		{"utf16le", utf16Encode([]byte("héllo ☕"), binary.LittleEndian, true), "héllo ☕", ""},
		{"utf16be", utf16Encode([]byte("héllo ☕"), binary.BigEndian, true), "héllo ☕", ""},
		{"utf16-lone-surrogate", []byte{0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0}, "a\uFFFDb", ""},
		{"utf16-odd", []byte{0xFF, 0xFE, 'a', 0, 'b'}, "a\uFFFD", ""},
		{"utf16-nuls-short", []byte{0xFF, 0xFE, 'a', 0, 0, 0, 0, 0}, "", "binary"},
		{"utf32le", utf32le, "k=é\n", ""},
		{"utf32-bad-length", []byte{0, 0, 0xFE, 0xFF, 0, 0, 0}, "\uFFFD", ""},
		{"binary", []byte("PK\x03\x04\x00\x00"), "", "binary"},
		{"nul-after-window", late, string(late), ""},
		{"binary-looks-16", []byte{1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0}, "", "binary"},
		{"invalid-utf8-kept", []byte("a\xff\xfeb"), "a\xff\xfeb", ""},
		// One stray NUL in text is not binary; NULs among other control
		// bytes are, as are short data with a NUL and an all-zero window.
		{"stray-nul", []byte(strayNUL), strayNUL, ""},
		{"stray-nul-and-escape", []byte("\x1b[1mbold\x1b[0m\x00 and a line of ordinary log text follows\n"), "\x1b[1mbold\x1b[0m\x00 and a line of ordinary log text follows\n", ""},
		{"nul-in-short", []byte("a\x00\x00"), "", "binary"},
		{"one-nul-short", []byte("a\x00"), "a\x00", ""},
		{"zeros", make([]byte, 3*SniffLen), "", "binary"},
		{"machine-data", machine, "", "binary"},
		{"text-then-machine", append([]byte(strings.Repeat("text line\n", 50)), machine...), "", "binary"},
		// UTF-16 without a mark: a trailing odd byte, a stray unit and a
		// lone surrogate do not stop the decoding.
		{"utf16le-no-bom-odd", append(utf16Encode([]byte("key = value\r\n"), binary.LittleEndian, false), 'x'), "key = value\r\n\uFFFD", ""},
		{"utf16le-no-bom-stray-unit", strayUnit, "a = b \u0201" + strings.Repeat(" text", 40), ""},
		{"utf16be-no-bom-surrogate", append(utf16Encode([]byte(strings.Repeat("text ", 40)), binary.BigEndian, false), 0xDC, 0x00, 0, 'z'), strings.Repeat("text ", 40) + "\uFFFDz", ""},
		{"utf16-nuls", append([]byte{0xFF, 0xFE}, make([]byte, 100)...), "", "binary"},
		{"utf32-nuls", append([]byte{0xFF, 0xFE, 0, 0}, make([]byte, 100)...), "", "binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, skip := Text(tt.raw)
			// The verdict depends on the first SniffLen bytes only.
			if b := Binary(tt.raw[:min(len(tt.raw), SniffLen)]); b != (skip == "binary") {
				t.Errorf("Binary(head) = %v, Text skip %q", b, skip)
			}
			if tt.skip != "" {
				if !strings.Contains(skip, tt.skip) || text != nil {
					t.Fatalf("skip %q, text %q; want skip containing %q", skip, text, tt.skip)
				}
				return
			}
			if skip != "" || string(text) != tt.want {
				t.Fatalf("got %q (skip %q), want %q", text, skip, tt.want)
			}
		})
	}
	// Plain UTF-8 is returned in place, without a copy.
	data := []byte("plain text")
	if text, _ := Text(data); &text[0] != &data[0] {
		t.Errorf("Text copied plain UTF-8")
	}
}
