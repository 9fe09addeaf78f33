package rules

import "bytes"

// This file reads two styles of binding that name a key indirectly:
//
//   - wrapped field defaults and CLI option defaults, where the key is the
//     default of a call whose own binding or option string carries the
//     name: camb_api_key: str = Field(default=K), attr.ib(default=K),
//     add_argument("--camb-api-key", default=K), @click.option(
//     "--camb-key", default=K), typer.Option(K, "--camb-api-key"),
//     #[arg(long, default_value = K)] camb_api_key: String;
//   - CAMB SDK key setters other than constructor options: a CAMB client
//     or module's api_key attribute (client.api_key = K after client =
//     CambAI(), camb.api_key = K, Ruby's Camb.configure do |config|
//     config.api_key = K), its setter (client.setApiKey(K)), and the
//     APIKeyHeader entry of the OpenAPI-generated CAMB clients
//     (configuration.api_key['APIKeyHeader'] = K,
//     client.setApiKey(ApiKey.APIKeyHeader, K)).

// optionCallees are calls whose first positional argument is a default
// value, and whose name comes from their binding or an option string:
// pydantic's Field(K), typer's Option(K, "--camb-api-key").
var optionCallees = map[string]bool{
	"Field": true, "field": true, "Option": true, "Argument": true,
	"ib": true, "attrib": true,
}

// isDefaultName reports whether name is a default-value keyword of a
// field or option declaration: default, default_value, defaultValue.
func isDefaultName(name []byte) bool {
	return squashIs(name, "default") || squashIs(name, "defaultvalue")
}

// optionDefault returns the context of a key that is the default of a
// call at open: variable when the call binds or declares a CAMB-named
// key (see callName).
func (sc *scan) optionDefault(open int) (verdict, bool) {
	t := sc.t
	if open < 0 {
		return verdict{}, false
	}
	if t[open] == '{' {
		// yargs: .option("camb-api-key", { default: K })
		if open = openerBack(t, open); open < 0 {
			return verdict{}, false
		}
	}
	if t[open] != '(' {
		return verdict{}, false
	}
	if isCambVar(sc.callName(open)) {
		return verdict{ctx: ctxVariable}, true
	}
	return verdict{}, false
}

// callName returns the name that a declaration call opening at open
// gives its value, or nil:
//
//   - a CAMB-named option string among its arguments ("--camb-api-key",
//     "camb-api-key", long = "camb-api-key");
//   - an api-key option string ("--api-key") when another string of the
//     call (its help text) names CAMB: then the name "camb_api_key";
//   - the name the call is bound to (camb_api_key: str = Field(...));
//   - for a Rust attribute (#[arg(...)]), the field it annotates.
func (sc *scan) callName(open int) []byte {
	t := sc.t
	end := closerFwd(t, open)
	keyOpt, cambHelp := false, false
	for p := open + 1; p < end; p++ {
		if !isQuote(t[p]) || t[p-1] == '\\' {
			continue
		}
		v, e, ok := strFwd(t, p, end)
		if !ok {
			continue
		}
		p = e - 1
		opt := bytes.TrimLeft(v, "-")
		if i := bytes.IndexAny(opt, " =<["); i >= 0 {
			opt = opt[:i]
		}
		switch {
		case len(opt) == 0 || len(opt) > 64:
		case isCambVar(opt):
			return opt
		case isAPIKeyName(opt) || squashIs(opt, "key"):
			keyOpt = keyOpt || len(v) > len(opt) && v[0] == '-'
		}
		if len(v) > len(opt) && len(cambAnchors(v)) > 0 {
			cambHelp = true
		}
	}
	if keyOpt && cambHelp {
		return []byte("camb_api_key")
	}
	lo := max(0, open-nameWindow)
	c := prevTok(t, open, lo)
	if c.kind != 'i' {
		return nil
	}
	if open >= 2 && c.s >= 2 && t[c.s-1] == '[' && t[c.s-2] == '#' {
		return attrField(t, end)
	}
	sep := prevTok(t, c.s, lo)
	if sep.is("=") || sep.is(":=") {
		if n := nameBefore(t, sep, lo); n.kind == 'i' || n.kind == 's' {
			return n.v
		}
	}
	return nil
}

// attrField returns the field that a Rust attribute ending at the ')'
// at end annotates: #[arg(...)] camb_api_key: String, skipping further
// attributes, doc comments and pub.
func attrField(t []byte, end int) []byte {
	hi := min(len(t), end+maxLine)
	p := end + 1
	if p >= hi || t[p] != ']' {
		return nil
	}
	p++
	for k := 0; k < 8 && p < hi; k++ {
		p = skipSpaceFwd(t, p, hi)
		switch {
		case bytes.HasPrefix(t[p:hi], []byte("#[")):
			if c := closerFwd(t, p+1); c < hi {
				p = c + 1
				continue
			}
			return nil
		case bytes.HasPrefix(t[p:hi], []byte("//")):
			p = lineEnd(t, p, hi)
			continue
		case bytes.HasPrefix(t[p:hi], []byte("pub ")):
			p += 4
			continue
		}
		a := p
		for p < hi && (isLetter(t[p]) || isDigit(t[p]) || t[p] == '_') {
			p++
		}
		if p > a && skipSpaceFwd(t, p, hi) < hi && t[skipSpaceFwd(t, p, hi)] == ':' {
			return t[a:p]
		}
		return nil
	}
	return nil
}

// isOpenAPIKeyName reports the security scheme name under which the
// OpenAPI-generated CAMB clients take the key:
// configuration.api_key['APIKeyHeader'] = K,
// client.setApiKey(ApiKey.APIKeyHeader, K).
func isOpenAPIKeyName(name []byte) bool { return squashIs(lastComp(name), "apikeyheader") }

// cambReceiver reports whether the dotted name x.api_key or the callee
// x.setApiKey has a receiver x that is a CAMB client or module: x is
// CAMB-named (camb.api_key, CambAI.api_key), x is bound to a CAMB
// constructor in the text (client = CambAI()), or x is the block
// parameter of a CAMB configure block (Camb.configure do |config|).
func (sc *scan) cambReceiver(name []byte, at int) bool {
	i := bytes.LastIndexByte(name, '.')
	if i <= 0 {
		return false
	}
	recv := lastComp(name[:i])
	if len(recv) == 0 {
		return false
	}
	ws := words(recv)
	all := len(ws) > 0
	for _, w := range ws {
		all = all && cambWord(w)
	}
	if all {
		return true
	}
	if sc.cambClients()[string(recv)] {
		return true
	}
	// Ruby: Camb.configure do |config| ... config.api_key = K
	lo := max(0, at-1024)
	pat := append(append([]byte{'|'}, recv...), '|')
	if j := bytes.LastIndex(sc.t[lo:at], pat); j >= 0 {
		ls := lineStart(sc.t, lo+j, lo)
		return len(cambAnchors(sc.t[ls:lo+j])) > 0
	}
	return false
}

// cambClients returns the last components of the names the text binds
// to a CAMB constructor call (client = CambAI(, self.camb = new
// CambClient(, c := cambai.NewClient(), computed on first use.
func (sc *scan) cambClients() map[string]bool {
	if sc.clients != nil {
		return sc.clients
	}
	sc.clients = map[string]bool{}
	t := sc.t
	for _, at := range sc.anchorsAll() {
		a := at
		for a > 0 && isIdentByte(t[a-1]) {
			a--
		}
		z := at
		for z < len(t) && isIdentByte(t[z]) {
			z++
		}
		if z >= len(t) || t[z] != '(' || !isCtor(t[a:z]) {
			continue
		}
		lo := max(0, a-nameWindow)
		sep := prevTok(t, a, lo)
		for k := 0; k < 2 && sep.kind == 'i' && (string(sep.v) == "new" || string(sep.v) == "await"); k++ {
			sep = prevTok(t, sep.s, lo)
		}
		if !sep.is("=") && !sep.is(":=") {
			continue
		}
		if n := nameBefore(t, sep, lo); n.kind == 'i' {
			sc.clients[string(lastComp(n.v))] = true
		}
	}
	return sc.clients
}

// sdkSetter reports whether a key bound to name (by b) is set on a CAMB
// SDK: the APIKeyHeader entry of an OpenAPI-generated CAMB client in a
// text that mentions CAMB, or the api_key attribute of a CAMB client or
// module (client.api_key = K, camb.api_key = K).
func (sc *scan) sdkSetter(name []byte, b bind) bool {
	if isOpenAPIKeyName(name) {
		return len(sc.anchorsAll()) > 0
	}
	return b.kind == '=' && !b.list && isAPIKeyName(name) && sc.cambReceiver(name, b.at)
}

// foreignReceiver reports whether the receiver x of x.api_key was last
// bound, within callWindow before at, to another constructor
// (client = OpenAI(), const dg = new Deepgram(): not a CAMB client.
func (sc *scan) foreignReceiver(name []byte, at int) bool {
	t := sc.t
	i := bytes.LastIndexByte(name, '.')
	if i <= 0 {
		return false
	}
	recv := lastComp(name[:i])
	lo := max(0, at-callWindow)
	for _, sep := range []string{" = ", " := "} {
		pat := append(append([]byte(nil), recv...), sep...)
		j := bytes.LastIndex(t[lo:at], pat)
		if j < 0 || lo+j > 0 && tokByte(t[lo+j-1]) {
			continue
		}
		p := lo + j + len(pat)
		if bytes.HasPrefix(t[p:at], []byte("new ")) {
			p += 4
		}
		e := p
		for e < at && isIdentByte(t[e]) {
			e++
		}
		callee := t[p:e]
		if lc := lastComp(callee); e < at && t[e] == '(' && len(lc) > 0 && isUpper(lc[0]) && !hasCamb(callee) {
			return true
		}
	}
	return false
}
