package rules

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// FuzzBase64 checks the base64 path: decodeB64Key never panics and
// returns a UUIDv4 that the value it read really encodes, and every
// base64 match of Match spans a value that decodes to its key.
func FuzzBase64(f *testing.F) {
	k := fakekey.New("fuzz-b64")
	for _, forms := range []map[string]string{b64Forms(k)} {
		for _, v := range forms {
			f.Add([]byte("kind: Secret\nmetadata:\n  name: camb\ndata:\n  api_key: " + v + "\n"))
			f.Add([]byte(`{"auths": {"registry.camb.ai": {"auth": "` + v + `"}}}`))
			f.Add([]byte("api_key=" + v))
			f.Add([]byte(v))
		}
	}
	f.Add([]byte("key: 00"))
	f.Add([]byte("key=" + string(bytes.Repeat([]byte("t00L"), 20))))
	set := New()
	f.Fuzz(func(t *testing.T, data []byte) {
		for s := range data {
			key, end, ok := decodeB64Key(data, s)
			if !ok {
				continue
			}
			if end <= s || end > len(data) || !isKeyAt(key, 0) || len(key) != keyLen {
				t.Fatalf("decodeB64Key(%q, %d) = %q, %d", data, s, key, end)
			}
			v := bytes.TrimRight(data[s:end], "=")
			std := base64.RawStdEncoding.EncodeToString(key)
			url := base64.RawURLEncoding.EncodeToString(key)
			if !bytes.HasPrefix(v, []byte(std)) && !bytes.HasPrefix(v, []byte(url)) {
				t.Fatalf("value %q does not encode %q", v, key)
			}
		}
		for _, m := range set.Match(data) {
			if m.Encoding != EncBase64 {
				continue
			}
			key := m.Key(data)
			if m.Start < 0 || m.End > len(data) || m.Start >= m.End || len(key) != keyLen || !isKeyAt([]byte(key), 0) {
				t.Fatalf("bad base64 match %+v in %d bytes", m, len(data))
			}
			d, err := base64.StdEncoding.DecodeString(string(data[m.Start:m.End]))
			if err != nil {
				d, err = base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(data[m.Start:m.End], "=")))
			}
			if err != nil {
				d, err = base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(data[m.Start:m.End], "=")))
			}
			if err != nil || !bytes.Contains(d, []byte(key)) {
				t.Fatalf("match %q decodes to %q (%v), not to %q", data[m.Start:m.End], d, err, key)
			}
		}
	})
}

// FuzzUnescape checks the URL and HTML unescapers: they never panic,
// never grow the text, leave text without escapes as it is, and undo
// escaping of the bytes that matter around a key.
func FuzzUnescape(f *testing.F) {
	k := fakekey.New("fuzz-esc")
	for _, s := range []string{
		"x-api-key%3A%20" + k, "api_key%22%3A%22" + k, "CAMB_API_KEY%3D" + k, "%", "%4", "%zz", "+",
		"&quot;x-api-key&quot;: &quot;" + k + "&quot;", "&#34;", "&#x22;", "&#;", "&#x;", "&amp;quot;", "&", "&#99999999;",
	} {
		f.Add([]byte(s))
	}
	set := New()
	f.Fuzz(func(t *testing.T, data []byte) {
		u := urlUnescape(nil, data)
		h := htmlUnescape(nil, data)
		if len(u) > len(data) || len(h) > len(data) {
			t.Fatalf("unescaping grew %q: url %q, html %q", data, u, h)
		}
		if !bytes.ContainsAny(data, "%+") && !bytes.Equal(u, data) {
			t.Fatalf("urlUnescape changed %q to %q", data, u)
		}
		if bytes.IndexByte(data, '&') < 0 && !bytes.Equal(h, data) {
			t.Fatalf("htmlUnescape changed %q to %q", data, h)
		}
		// Escaping the punctuation of a plain text and unescaping it
		// gives the text back.
		var pe, he []byte
		for _, c := range data {
			switch c {
			case '"', ':', '=', ' ', '%', '+', '&', '{', '}':
				pe = append(pe, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			default:
				pe = append(pe, c)
			}
			switch c {
			case '"':
				he = append(he, "&quot;"...)
			case '&':
				he = append(he, "&#38;"...)
			case ':':
				he = append(he, "&#x3a;"...)
			default:
				he = append(he, c)
			}
		}
		if got := urlUnescape(nil, pe); !bytes.Equal(got, data) {
			t.Fatalf("url round trip of %q gave %q", data, got)
		}
		if got := htmlUnescape(nil, he); !bytes.Equal(got, data) {
			t.Fatalf("html round trip of %q gave %q", data, got)
		}
		for _, m := range set.Match(data) {
			if (m.Encoding == EncURL || m.Encoding == EncHTML) && (m.End-m.Start != keyLen || m.Key(data) != string(data[m.Start:m.End])) {
				t.Fatalf("escaped-context match %+v does not span a plain key", m)
			}
		}
	})
}
