package rules

import "bytes"

// This file keeps a generic key name (api-key, token, API key) from
// standing for CAMB when the text before it on its own line names
// another service: kubectl create secret generic pinecone
// --from-literal=api-key=K or "Heroku API key: K" in a file that mentions
// CAMB elsewhere.

// lineVendors are services whose keys or ids are UUIDs and that configs
// and notes name beside their keys, besides the header vendors of
// vendorAnchors.
var lineVendors = []string{
	"heroku", "snyk", "azure", "pinecone", "rapidapi", "datadog", "newrelic",
	"new relic", "sentry", "mapbox", "twilio", "sendgrid", "okta", "auth0",
}

// foreignBefore reports whether the line of the name at p names another
// service before it and no CAMB anchor.
func foreignBefore(t []byte, p int) bool {
	ls := lineStart(t, p, max(0, p-maxLine))
	seg := t[ls:p]
	if len(seg) == 0 || len(cambAnchors(seg)) > 0 {
		return false
	}
	if len(vendorAnchorsIn(seg, 0, len(seg))) > 0 {
		return true
	}
	for _, v := range lineVendors {
		if hasFold(seg, v) {
			return true
		}
	}
	return false
}

// parentSiblingBindsCamb looks one YAML level up: a generic key in a
// nested map (credentials:\n    token: K) whose parent block binds a
// CAMB host or provider to a sibling of the parent (provider: camb.ai).
// Only a parent line that opens a map (name: and nothing after it) counts.
func (sc *scan) parentSiblingBindsCamb(ls int, quals []string) bool {
	t := sc.t
	cur, skip := indent(t, ls)
	if skip || cur == 0 {
		return false
	}
	lo := max(0, ls-blockWindow)
	for p := ls; p > lo; {
		s := lineStart(t, p-1, lo)
		p = s
		n, skip := indent(t, s)
		if skip || n >= cur {
			continue
		}
		line := bytes.TrimSpace(t[s:lineEnd(t, s, min(len(t), s+maxLine))])
		if len(line) < 2 || line[len(line)-1] != ':' || bytes.IndexByte(line[:len(line)-1], ':') >= 0 {
			return false
		}
		return sc.siblingBindsCamb(s, quals)
	}
	return false
}
