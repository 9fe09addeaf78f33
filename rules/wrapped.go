package rules

import "bytes"

// This file holds two shapes of a key option that a wrapper hides:
//
//   - a field default under a generic key name, wrapped in a call:
//     api_key: str = field(default=K) or attr.ib(default=K) in a
//     class CambConfig body; the key is then judged as api_key = K;
//   - the Rust CAMB SDK's client options, ClientConfig { api_key:
//     Some(K.to_string()), .. } in a text that uses the camb_api crate.

// defaultOwner returns the name that the call opening at open gives its
// default= value (api_key in api_key: str = field(default=K)), or a zero
// tok.
func defaultOwner(t []byte, open int) tok {
	if open < 0 || t[open] != '(' {
		return tok{}
	}
	lo := max(0, open-nameWindow)
	c := prevTok(t, open, lo)
	if c.kind != 'i' {
		return tok{}
	}
	sep := prevTok(t, c.s, lo)
	if !sep.is("=") && !sep.is(":=") && !sep.is(":") {
		return tok{}
	}
	if n := nameBefore(t, sep, lo); n.kind == 'i' || n.kind == 's' {
		return n
	}
	return tok{}
}

// rustSDKHead bounds the bytes searched for the CAMB crate's use line.
const rustSDKHead = 8192

// rustSDKOption reports whether the api-key field at p is an option of
// the Rust CAMB SDK: a field of a ClientConfig struct literal in a text
// whose head uses the camb_api crate.
func rustSDKOption(t []byte, p int) bool {
	open := openerBack(t, p)
	if open < 0 || t[open] != '{' {
		return false
	}
	if l := objLabel(t, open); l.kind != 'i' || string(lastComp(l.v)) != "ClientConfig" {
		return false
	}
	return bytes.Contains(t[:min(len(t), rustSDKHead)], []byte("camb_api::"))
}
