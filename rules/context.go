package rules

import "bytes"

// This file decides which of the five key contexts (if any) a key is in,
// from what it is bound to (bind.go) and what encloses that (block.go).

// A ctx is a key context; its value indexes ruleTable.
type ctx int

const (
	ctxNone ctx = iota - 1
	ctxHeader
	ctxSDK
	ctxVariable
	ctxIndirect
	ctxConfig
	ctxNote
	ctxData
)

// A verdict is a context and, for indirect keys, where and how the bound
// name is used.
type verdict struct {
	ctx  ctx
	site int  // 1 + offset of the first header that reads an indirect key's name; 0 when none
	sdk  bool // an indirect key is used in an SDK call, not a header
}

// bindContext returns the context of the key at s that what it is bound
// to gives it.
func (sc *scan) bindContext(s int) verdict {
	t := sc.t
	none := verdict{ctx: ctxNone}
	if s > 0 && t[s-1] == '/' {
		return none // a URL path segment: /apis/tts/<task id>
	}
	if v, ok := sc.xmlContext(s); ok {
		return v
	}
	b := bindOf(t, s)
	if b.name == nil {
		return sc.argFlow(s)
	}
	name := b.name
	if lc := string(lastComp(name)); lc == "setValue" || lc == "addValue" {
		if headerLabelFwd(t, s+keyLen) {
			return verdict{ctx: ctxHeader}
		}
		return none
	}
	switch b.kind {
	case '(':
		if v := sc.callContext(b); v.ctx != ctxNone {
			return v
		}
		return sc.argFlow(s)
	case ',':
		switch {
		case isHeaderName(name), sc.headerConst(name):
			return verdict{ctx: ctxHeader}
		case sc.sdkSetter(name, b):
			return verdict{ctx: ctxSDK} // client.setApiKey(ApiKey.APIKeyHeader, K)
		case isCambVar(name):
			return verdict{ctx: ctxVariable}
		}
		return sc.argFlow(s)
	case ' ':
		if isHeaderName(name) {
			return verdict{ctx: ctxHeader} // proxy_set_header x-api-key K;
		}
		return verdict{ctx: ctxVariable}
	}
	if b.alt {
		return verdict{ctx: ctxVariable}
	}
	if isDefaultName(name) {
		open := openerBack(t, b.at)
		if v, ok := sc.optionDefault(open); ok {
			return v // Field(default=K), add_argument("--camb-api-key", default=K)
		}
		if n := defaultOwner(t, open); n.kind != 0 {
			name, b.name, b.at = n.v, n.v, n.s // api_key: str = field(default=K)
		}
	}
	if isValueName(name) {
		if name = sc.sibling(b); name == nil {
			return none
		}
	}
	switch {
	case sc.sdkSetter(name, b):
		return verdict{ctx: ctxSDK}
	case b.kind == '=' && isAPIKeyName(name) && sc.foreignReceiver(name, b.at):
		return none // client.api_key = K after client = OpenAI()
	case isHeaderName(name):
		return verdict{ctx: ctxHeader}
	case isCambVar(name):
		return verdict{ctx: ctxVariable}
	case isValueName(b.name):
		return none
	case !isQuote(t[b.at]) && sc.headerConst(name):
		return verdict{ctx: ctxHeader} // {AUTH_HEADER: K}
	}
	// The remaining contexts need an api_key-like name or a name that
	// the text reads in a header or SDK call; most UUIDs stop here.
	lc := lastComp(name)
	apiKey := isAPIKeyName(name)
	field := apiKey || squashIs(lc, "key")
	u, used := sc.usesOf()[string(lc)]
	if !field && !used && !hasFold(lc, "key") && !hasFold(lc, "token") || inProviderParams(t, b.at) {
		return none
	}
	switch {
	case apiKey && (inCambCall(t, b.at) || rustSDKOption(t, b.at)):
		return verdict{ctx: ctxSDK}
	case used:
		return verdict{ctx: ctxIndirect, site: u.hdr, sdk: u.sdk}
	case (field && sc.inCambBlock(b.at) || sc.cambScope(b.at, lc)) && !foreignBefore(t, b.at):
		return verdict{ctx: ctxConfig}
	}
	return none
}

// inProviderParams reports whether the name at p is a field of a
// provider_params object: another provider's key (Baseten) passed through
// a CAMB client, which is never a CAMB key.
func inProviderParams(t []byte, p int) bool {
	open := openerBack(t, p)
	if open < 0 || t[open] != '{' {
		return false
	}
	l := objLabel(t, open)
	return l.kind != 0 && squashIs(lastComp(l.v), "providerparams")
}

// callContext handles a key that is the first argument of a call.
func (sc *scan) callContext(b bind) verdict {
	t := sc.t
	lc := lastComp(b.name)
	switch {
	case isCtor(b.name):
		return verdict{ctx: ctxSDK} // CambAI(K), new CambClient(K), CambClient::new(K)
	case optionCallees[string(lc)]:
		if open := skipSpaceFwd(t, b.at+len(b.name), len(t)); open < len(t) && isCambVar(sc.callName(open)) {
			return verdict{ctx: ctxVariable} // typer.Option(K, "--camb-api-key"), Field(K)
		}
	case isAPIKeySetter(b.name):
		if chainHasCamb(t, b.at) || inCambCall(t, b.at) || sc.cambReceiver(b.name, b.at) ||
			squashIs(lc, "withapikey") && sc.goImport() {
			return verdict{ctx: ctxSDK} // CambApiClient.builder().apiKey(K), option.WithAPIKey(K)
		}
	}
	return verdict{ctx: ctxNone}
}

// isCtor reports whether callee constructs a CAMB client: a CAMB-named
// type (CambAI, camb.TTS, new CambClient) or a constructor function of
// one (CambClient::new, Camb::Client.new, CambClient.create).
func isCtor(callee []byte) bool {
	lc := lastComp(callee)
	if len(lc) == 0 || !hasCamb(callee) {
		return false
	}
	switch string(lc) {
	case "new", "create", "init":
		return true
	}
	return isUpper(lc[0])
}

// goImport reports whether the text imports the CAMB Go SDK, whose
// module is github.com/camb-ai/cambai-go-sdk (any module under
// github.com/camb-ai/ counts). Only then is option.WithAPIKey(K) a CAMB
// key: the option package name is shared by many Go SDKs.
func (sc *scan) goImport() bool {
	if sc.goImp == 0 {
		sc.goImp = 1
		if bytes.Contains(sc.t, []byte(`"github.com/camb-ai/`)) || bytes.Contains(sc.t, []byte(`"github.com/Camb-ai/`)) {
			sc.goImp = 2
		}
	}
	return sc.goImp == 2
}

// headerLabelFwd reports whether the value ending at e is followed by a
// forHTTPHeaderField: "x-api-key" label (Swift and Objective-C put the
// value before the header name).
func headerLabelFwd(t []byte, e int) bool {
	hi := min(len(t), e+128)
	p := e
	for p < hi && (isQuote(t[p]) || t[p] == '\\' || t[p] == ',' || isSpace(t[p])) {
		p++
	}
	const label = "forHTTPHeaderField"
	if !bytes.HasPrefix(t[p:hi], []byte(label)) {
		return false
	}
	p = skipSpaceFwd(t, p+len(label), hi)
	if p >= hi || t[p] != ':' {
		return false
	}
	p = skipSpaceFwd(t, p+1, hi)
	if p < hi && t[p] == '@' {
		p++
	}
	v, _, ok := strFwd(t, p, hi)
	return ok && isHeaderName(v)
}

// sibling returns the name that a "value" or "default" field stands for:
// the key or name field of the same object (Postman, Kubernetes env), or
// the label of the enclosing block (Terraform variable "x" { default }).
func (sc *scan) sibling(b bind) []byte {
	t := sc.t
	if open := openerBack(t, b.at); open >= 0 && t[open] == '{' && b.at-open < 1024 {
		end := closerFwd(t, open)
		v := fieldIn(t, open+1, end)
		if v != nil && squashIs(v, "value") {
			// Postman's auth block: [{"key": "value", "value": K},
			// {"key": "key", "value": "x-api-key"}].
			if arr := openerBack(t, open); arr >= 0 && t[arr] == '[' {
				if sc.hasHeaderName(arr, closerFwd(t, arr)) {
					return []byte("x-api-key")
				}
			}
			return nil
		}
		if v != nil {
			return v
		}
		if l := objLabel(t, open); l.kind != 0 {
			return l.v
		}
		return nil
	}
	// A YAML mapping: the lines of the same item.
	ls := lineStart(t, b.at, max(0, b.at-blockWindow))
	cur, _ := indent(t, ls)
	lo := ls
	for k := 0; k < 4 && lo > 0; k++ {
		s := lineStart(t, lo-1, max(0, lo-blockWindow))
		n, skip := indent(t, s)
		if !skip && n < cur {
			if t[s+n] == '-' {
				lo = s
			}
			break
		}
		lo = s
	}
	hi := lineEnd(t, b.at, min(len(t), b.at+maxLine))
	for k := 0; k < 4 && hi < len(t); k++ {
		e := lineEnd(t, hi+1, min(len(t), hi+1+maxLine))
		if n, skip := indent(t, hi+1); !skip && (n != cur || t[hi+1+n] == '-') {
			break
		}
		hi = e
	}
	return fieldIn(t, lo, hi)
}

// hasHeaderName reports whether t[lo:hi] holds an x-api-key header name.
func (sc *scan) hasHeaderName(lo, hi int) bool {
	found := false
	eachAPI(sc.t[lo:hi], func(a, z int) bool {
		found = isHeaderName(sc.t[lo+a : lo+z])
		return !found
	})
	return found
}

// fieldIn returns the value of the first "key" or "name" field in
// t[lo:hi] (quoted or bare, followed by : or =).
func fieldIn(t []byte, lo, hi int) []byte {
	for _, f := range []string{"key", "name"} {
		for off := lo; off < hi; {
			i := bytes.Index(t[off:hi], []byte(f))
			if i < 0 {
				break
			}
			i += off
			off = i + len(f)
			if i > lo && (isIdentByte(t[i-1]) || t[i-1] == '\\' && i-1 > lo && isIdentByte(t[i-2])) {
				continue
			}
			p := i + len(f)
			for p < hi && (isQuote(t[p]) || t[p] == '\\') {
				p++
			}
			p = skipSpaceFwd(t, p, hi)
			if p >= hi || (t[p] != ':' && t[p] != '=') {
				continue
			}
			p = skipSpaceFwd(t, p+1, hi)
			if v, _, ok := strFwd(t, p, hi); ok {
				return v
			}
			e := p
			for e < hi && isIdentByte(t[e]) {
				e++
			}
			if e > p {
				return t[p:e]
			}
		}
	}
	return nil
}

// inCambBlock reports whether the field at p sits in configuration about
// CAMB: an object labelled with a CAMB name ("camb": {, camb = {), an
// object that mentions CAMB ({"provider": "camb.ai", "api_key": K}), a
// [camb] TOML or INI section, or a YAML block under a CAMB-named key or
// with a CAMB-mentioning sibling (provider: camb).
func (sc *scan) inCambBlock(p int) bool {
	t := sc.t
	for level, q := 0, p; level < 2; level++ {
		open := openerBack(t, q)
		if open < 0 {
			break
		}
		if t[open] == '{' {
			if l := objLabel(t, open); l.kind != 0 && hasCamb(l.v) {
				return true
			}
			if level == 0 && len(cambAnchors(t[open:closerFwd(t, open)])) > 0 {
				return true
			}
		}
		q = open
	}
	ls := lineStart(t, p, max(0, p-blockWindow))
	if sec := tomlSection(t, ls); sec != nil {
		return hasCamb(sec)
	}
	found, params := false, false
	yamlParents(t, ls, func(key, _ []byte) bool {
		params = squashIs(lastComp(trimKey(key)), "providerparams")
		found = !params && hasCamb(key)
		return !found && !params
	})
	return found || !params && yamlSiblings(t, ls)
}
