package rules

// Confidence says how sure a match is that the key is a CAMB key.
type Confidence uint8

const (
	// Medium is an x-api-key header value in a file with no CAMB anchor
	// and no other vendor's anchor.
	Medium Confidence = 1
	// High is a match in a file that also has a CAMB anchor (a camb.ai
	// host, a CAMB SDK import or constructor, a CAMB-named identifier), or
	// a context that is CAMB-specific by itself.
	High Confidence = 2
)

// String returns "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case High:
		return "high"
	case Medium:
		return "medium"
	}
	return "unknown"
}

// ParseConfidence parses "medium" or "high".
func ParseConfidence(s string) (Confidence, bool) {
	switch s {
	case "high":
		return High, true
	case "medium":
		return Medium, true
	}
	return 0, false
}

// Stable rule ids, one per key context. They are part of the JSON and SARIF
// contracts and never change.
const (
	IDHeader   = "camb-api-key-header"   // value of an x-api-key header
	IDSDK      = "camb-api-key-sdk"      // api_key/apiKey argument of a CAMB client or integration
	IDVariable = "camb-api-key-variable" // CAMB-named variable, setting or env entry
	IDIndirect = "camb-api-key-indirect" // literal bound to a name that the file uses in a header or SDK call
	IDConfig   = "camb-api-key-config"   // api_key/key field inside a CAMB configuration block
	IDNote     = "camb-api-key-note"     // a note that says in words the UUID is a CAMB key
	IDData     = "camb-api-key-data"     // data row, list or IaC resource that names CAMB, or an encoded secret
)

// A Rule describes one key context. Its metadata is the one description
// of the rule that every report uses: the text report and SARIF read it
// from [All] or [Lookup] and keep no copy of their own.
type Rule struct {
	ID      string // stable id, one of the ID constants
	Context string // short context name: header, sdk, variable, indirect, config
	Name    string // PascalCase name for SARIF (e.g. "CambApiKeyInHeader")
	Short   string // one-line description; the text report's headline of a finding
	Full    string // a paragraph: what matched and why it is a CAMB key, and what to do

	// Precision is SARIF's properties.precision, how often a finding of
	// the rule is a real key: "high" for a header (which may be [Medium],
	// with no CAMB anchor in the file), "very-high" for the others.
	Precision string
	// Phrase says where the key sits, to follow "CAMB.AI API key" in a
	// sentence: "in an x-api-key header" (SARIF result messages).
	Phrase string

	// Examples must each produce exactly one match of this rule. The
	// placeholder {KEY} stands for a generated fake key, and the match must
	// cover exactly that key.
	Examples []string
	// NonExamples must produce no match at all ({KEY} is replaced too).
	NonExamples []string
}

// A Match is one key found in the text given to [Set.Match].
type Match struct {
	RuleID     string
	Context    string // the Rule's Context
	Confidence Confidence
	// Start and End are byte offsets of the key itself in the text:
	// 0 <= Start < End <= len(text) and text[Start:End] is the key
	// (36 bytes; a key written in upper case is reported as written).
	// For a base64-encoded key they span the encoded value instead.
	Start, End int
	// Encoding says how the key was written: Plain, EncBase64 (the span
	// is a value that decodes to the key: [Match.Key] decodes it), EncURL
	// or EncHTML (the key is plain but its context is percent-encoded or
	// HTML-escaped). It fits in Confidence's padding: a file of 200 000
	// keys costs no more memory for it.
	Encoding Encoding
}

// An Encoding says how a key was written.
type Encoding uint8

// Encodings of [Match.Encoding].
const (
	Plain     Encoding = iota // the key as it is
	EncBase64                 // base64, standard or URL-safe
	EncURL                    // in a percent-encoded context
	EncHTML                   // in an HTML-escaped context
)

// String returns "base64", "url", "html", or "" for Plain: the JSON
// report's encoding field.
func (e Encoding) String() string {
	switch e {
	case EncBase64:
		return "base64"
	case EncURL:
		return "url"
	case EncHTML:
		return "html"
	}
	return ""
}

// Key returns the key that m found in text (the text given to
// [Set.Match]): text[Start:End], or for a base64 value the key it
// decodes to.
func (m *Match) Key(text []byte) string {
	v := text[m.Start:m.End]
	if m.Encoding == EncBase64 {
		return string(b64Key(v))
	}
	return string(v)
}
