package rules

import (
	"bytes"
	"sort"
	"strings"
)

// This file classifies names (identifiers, dictionary keys, header names)
// and finds CAMB and other vendors' anchors in text.

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isLetter(c byte) bool {
	return isLower(c) || isUpper(c)
}

func lower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// lastComp returns the last component of a dotted or scoped name
// (self.api_key, os.environ, String::from, $this->key) without sigils. It
// returns a subslice of name.
func lastComp(name []byte) []byte {
	if !hasSep(name) {
		return trimSigils(name)
	}
	for _, sep := range []string{".", "::", "->", "/", ":"} {
		if i := bytes.LastIndex(name, []byte(sep)); i >= 0 && i+len(sep) < len(name) {
			name = name[i+len(sep):]
		}
	}
	return trimSigils(name)
}

// squashIs reports whether name, lower-cased and without '-', '_', '$',
// '@' and spaces, equals want (lower case): "X-API-KEY", "x_api_key" and
// "xApiKey" all squash to "xapikey". It does not allocate.
func squashIs(name []byte, want string) bool {
	j := 0
	for _, c := range name {
		switch c {
		case '-', '_', '$', '@', ' ':
			continue
		}
		if j >= len(want) || lower(c) != want[j] {
			return false
		}
		j++
	}
	return j == len(want)
}

// hasFold reports whether name contains the lower-case ASCII word w in
// any case.
func hasFold(name []byte, w string) bool {
	for i := 0; i+len(w) <= len(name); i++ {
		j := 0
		for j < len(w) && lower(name[i+j]) == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// words splits a name into lower-case words at punctuation and at
// camelCase boundaries: "VITE_CAMB_API_KEY" gives vite camb api key,
// "CambAIClient" gives camb ai client, "cambApiKey" gives camb api key.
func words(name []byte) []string {
	var ws []string
	for it := wordsOf(name); ; {
		w, ok := it.next()
		if !ok {
			return ws
		}
		ws = append(ws, string(w))
	}
}

// cambWord reports whether w is a word that names CAMB: "camb", "cambai",
// or camb run together with "ai", "api" or "key" ("cambapikey").
func cambWord(w string) bool {
	if !strings.HasPrefix(w, "camb") {
		return false
	}
	rest := w[4:]
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "ai"):
			rest = rest[2:]
		case strings.HasPrefix(rest, "api"):
			rest = rest[3:]
		case strings.HasPrefix(rest, "key"):
			rest = rest[3:]
		default:
			return false
		}
	}
	return true
}

// keyWord reports whether w is "key", "keys", "apikey" (numbered variants
// such as key2 too), or a CAMB word ending in key.
func keyWord(w string) bool {
	w = strings.TrimRight(w, "0123456789")
	switch w {
	case "key", "keys", "apikey", "apikeys":
		return true
	}
	return cambWord(w) && strings.HasSuffix(w, "key")
}

// idWord marks names that hold ids, not keys (CAMB_TASK_ID, camb_run_key_id).
func idWord(w string) bool {
	switch w {
	case "id", "ids", "task", "run", "job", "uuid":
		return true
	}
	return false
}

// hasCamb reports whether name has a word that names CAMB.
func hasCamb(name []byte) bool {
	if !hasFold(name, "camb") {
		return false
	}
	for it := wordsOf(name); ; {
		w, ok := it.next()
		if !ok {
			return false
		}
		if cambWord(string(w)) {
			return true
		}
	}
}

// isCambVar reports whether name is a CAMB-named key variable, setting or
// env entry: it has a CAMB word and a key word and no id word
// (CAMB_API_KEY, VITE_CAMB_API_KEY, api_key_cambai, CAMB_KEY, CAMB_API_KEY2,
// cambApiKey, camb.api_key).
func isCambVar(name []byte) bool {
	if !hasFold(name, "camb") {
		return false
	}
	camb, key := false, false
	for it := wordsOf(name); ; {
		wb, ok := it.next()
		if !ok {
			break
		}
		switch w := string(wb); {
		case idWord(w):
			return false
		case cambWord(w):
			camb = true
			key = key || keyWord(w)
		case keyWord(w), w == "token", w == "tokens":
			key = true // CAMB_TOKEN, camb_token: a token of CAMB is its key
		}
	}
	return camb && key
}

// isHeaderName reports whether name is the x-api-key header in any case
// and spelling (x-api-key, X-API-KEY, x_api_key, xApiKey).
func isHeaderName(name []byte) bool { return squashIs(name, "xapikey") }

// isAPIKeyName reports whether name is an api_key option or field
// (api_key, apiKey, api-key, APIKey, self.api_key).
func isAPIKeyName(name []byte) bool { return squashIs(lastComp(name), "apikey") }

// isAPIKeySetter reports whether a called function sets an API key:
// apiKey(...), setApiKey(...), WithAPIKey(...), with_api_key(...).
func isAPIKeySetter(callee []byte) bool {
	lc := lastComp(callee)
	return squashIs(lc, "apikey") || squashIs(lc, "setapikey") || squashIs(lc, "withapikey")
}

// isValueName reports names whose own meaning comes from a sibling or a
// block label: Postman's {"key": ..., "value": K}, Kubernetes'
// {name: ..., value: K}, Terraform's variable "x" { default = K }.
func isValueName(name []byte) bool {
	return squashIs(name, "value") || squashIs(name, "default") || squashIs(name, "defaultvalue")
}

// cambAt reports whether the case-insensitive match of "camb" at i is a
// CAMB anchor: a camb.ai host, the camb package, or a CAMB-named
// identifier (CambAI, AsyncCambAI, CAMB_API_KEY, cambApiKey, cambai), but
// not a longer word such as Cambridge, cambio or CAMBRIDGE.
func cambAt(t []byte, i int) bool {
	if i > 0 && isLetter(t[i-1]) && !(isLower(t[i-1]) && isUpper(t[i])) {
		return false
	}
	j := i + 4
	if j >= len(t) || !isLetter(t[j]) {
		return true
	}
	if isLower(t[i+3]) && isUpper(t[j]) {
		return true // camelCase: CambClient, cambApiKey
	}
	if j+1 < len(t) && lower(t[j]) == 'a' && lower(t[j+1]) == 'i' {
		return j+2 >= len(t) || !isLower(t[j+2]) // cambai, CAMBAI_, CambAIClient
	}
	return false
}

// cambAnchors returns the offsets of all CAMB anchors in t, in order.
func cambAnchors(t []byte) []int {
	var at []int
	for _, pat := range [][]byte{[]byte("amb"), []byte("AMB")} {
		for off := 0; ; {
			i := bytes.Index(t[off:], pat)
			if i < 0 {
				break
			}
			i += off
			off = i + 3
			if i > 0 && (t[i-1] == 'c' || t[i-1] == 'C') && cambAt(t, i-1) {
				at = append(at, i-1)
			}
		}
	}
	sort.Ints(at)
	return at
}

// vendorAnchors are lower-case marks of other services that take an
// x-api-key header (or whose keys sit in the same kind of code). A key
// whose nearest anchor in its window is one of these is not a CAMB key.
// The list favours services whose keys are UUIDs or that are commonly
// called with x-api-key: Anthropic, AWS API Gateway, RapidAPI, Pinecone,
// Baseten, Shodan, Exa, Cartesia, LMNT, TheCatAPI/TheDogAPI, NewsAPI,
// Moralis, CoinMarketCap, OpenSea, HeyGen, API Ninjas, Spoonacular,
// You.com and Bungie.
var vendorAnchors = []string{
	"anthropic", "rapidapi", "execute-api", "amazonaws.com", "apigateway",
	"pinecone", "baseten", "shodan", "exa.ai", "cartesia", "lmnt",
	"thecatapi", "thedogapi", "newsapi", "moralis", "coinmarketcap",
	"x-cmc", "opensea", "heygen", "api-ninjas", "spoonacular",
	"ydc-index", "you.com", "bungie",
}

// vendorFirst indexes vendorAnchors by their first byte.
var vendorFirst = func() (idx [256][]string) {
	for _, v := range vendorAnchors {
		idx[v[0]] = append(idx[v[0]], v)
	}
	return idx
}()

// vendorAnchorsIn returns, in order, the offsets in t of the vendor
// anchors that start in [lo, hi), matched case-insensitively in a single
// pass. Short marks need a non-letter on both sides, so "exa.ai" does not
// fire inside "hexa.ai" nor "lmnt" inside a longer word.
func vendorAnchorsIn(t []byte, lo, hi int) []int {
	var at []int
	for i := lo; i < hi; i++ {
		if i+1 >= len(t) || !vendorPair(t[i], t[i+1]) {
			continue // every anchor is longer than one byte
		}
		for _, v := range vendorFirst[lower(t[i])] {
			if i+len(v) > len(t) || !hasFold(t[i:i+len(v)], v) {
				continue
			}
			if len(v) <= 6 && (i > 0 && isLetter(t[i-1]) || i+len(v) < len(t) && isLetter(t[i+len(v)])) {
				continue
			}
			at = append(at, i)
			break
		}
	}
	return at
}
