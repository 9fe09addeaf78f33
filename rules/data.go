package rules

import "bytes"

// This file finds keys in data (context 6, camb-api-key-data): rows and
// structures whose other parts name CAMB although the key's own name does
// not. It runs only for keys that no other context took, and only in texts
// with a CAMB anchor, so texts about other things pay nothing for it.
//
//   - lists and maps under a CAMB-named key (providers: {camb: [K]},
//     camb:\n  keys:\n    - K, camb_api_keys:\n  prod: K);
//   - IaC resources whose name or id names CAMB (Terraform resource
//     "aws_secretsmanager_secret_version" "camb_api_key" { secret_string
//     = K }, Pulumi new aws.ssm.Parameter("camb-api-key", {value: K}),
//     CloudFormation CambApiKey: {Default: K});
//   - SQL INSERT ... VALUES rows whose column list names a key column and
//     whose other cells name CAMB;
//   - CSV and TSV rows whose other cells name CAMB, under a header that
//     names the key's column as a key, or with no header.

// dataOf returns ctxData when the key at k sits in CAMB data, else
// ctxNone.
func (sc *scan) dataOf(k int) ctx {
	if len(sc.anchorsAll()) == 0 {
		return ctxNone
	}
	t := sc.t
	if k > 0 && t[k-1] == '/' {
		return ctxNone
	}
	if sc.sqlGate() && sqlRow(t, k) || csvRow(t, k) {
		return ctxData
	}
	b := bindOf(t, k)
	if b.name == nil || b.kind != '=' || hasIDWord(b.name) || inProviderParams(t, b.at) {
		return ctxNone
	}
	name := lastComp(b.name)
	switch {
	case b.list && hasCamb(name):
		return ctxData // providers: {camb: [K1, K2]}
	case keyish(name) || secretValueName(name):
		if sc.labelsName(b.at, hasCamb) {
			return ctxData // camb:\n  keys:\n    - K; resource "..." "camb" { secret_string = K }
		}
	case !b.list && sc.labelsName(b.at, isCambVar):
		return ctxData // camb_api_keys:\n  prod: K
	}
	return ctxNone
}

// keyish reports whether name names a key or token field (key, keys,
// api_key, apiKeys, token, secret_key) and no id.
func keyish(name []byte) bool {
	for it := wordsOf(name); ; {
		wb, ok := it.next()
		if !ok {
			return false
		}
		if w := string(wb); keyWord(w) || w == "token" || w == "tokens" {
			return !hasIDWord(name)
		}
	}
}

// secretValueName reports whether name is the value field of a secret or
// parameter resource: secret_string, value, string_value, secret_value,
// plaintext, default, secretStringValue, SecretString.
func secretValueName(name []byte) bool {
	for _, w := range []string{"secretstring", "value", "stringvalue", "secretvalue", "plaintext",
		"default", "secretstringvalue", "secretdata", "data"} {
		if squashIs(name, w) {
			return true
		}
	}
	return false
}

// hasIDWord reports whether name has an id word (task, run, job, id).
func hasIDWord(name []byte) bool {
	for it := wordsOf(name); ; {
		w, ok := it.next()
		if !ok {
			return false
		}
		if idWord(string(w)) {
			return true
		}
	}
}

// labelsName reports whether a block that encloses the name at p, up to
// three levels, is named so that ok holds: an object's label (camb: {,
// "camb": {), a token on the head line of a bracket (resource
// "kubernetes_secret" "camb" {, new aws.ssm.Parameter("camb-api-key",
// {), or a YAML parent key (CambApiKey:\n  Default: K). A label with an
// id word stops the search.
func (sc *scan) labelsName(p int, ok func([]byte) bool) bool {
	t := sc.t
	for level, q := 0, p; level < 3; level++ {
		open := openerBack(t, q)
		if open < 0 {
			break
		}
		if headNames(t, open, ok) {
			return true
		}
		q = open
	}
	found := false
	yamlParents(t, lineStart(t, p, max(0, p-blockWindow)), func(key, _ []byte) bool {
		k := trimKey(key)
		if hasIDWord(k) || bytes.ContainsAny(k, " ()") || squashIs(k, "providerparams") {
			return false // an id block, a def/class line, another provider's settings
		}
		found = ok(k)
		return !found
	})
	return found
}

// headNames reports whether the head of the bracket at open names it so
// that ok holds: a string label before it on its line (resource
// "kubernetes_secret" "camb" {, new aws.ssm.Parameter("camb-api-key", {)
// or the identifier right before it or its ':' or '=' (camb {, camb = {).
// For a call, its first argument is a label too. Strings that look like
// URLs or paths are not labels; other punctuation
// ends the head, so a function's name does not label its body.
func headNames(t []byte, open int, ok func([]byte) bool) bool {
	if t[open] == '(' {
		// A resource's name is its call's first argument:
		// aws.ssm.Parameter("camb-api-key",\n    value=K).
		p := skipSpaceFwd(t, open+1, min(len(t), open+maxLine))
		if v, _, isStr := strFwd(t, p, min(len(t), p+maxString)); isStr && !bytes.ContainsAny(v, "/: ") && !hasIDWord(v) && ok(v) {
			return true
		}
	}
	lo := max(0, open-256)
	first := true
	for p, n := goMapType(t, open, lo), 0; n < 8; n++ {
		tk := prevTok(t, p, lo)
		if tk.kind == 0 || tk.nl {
			break
		}
		switch tk.kind {
		case 's':
			if bytes.ContainsAny(tk.v, "/: ") {
				break
			}
			if hasIDWord(tk.v) {
				return false
			}
			if ok(tk.v) {
				return true
			}
		case 'i':
			if first {
				first = false
				if hasIDWord(tk.v) {
					return false
				}
				if ok(lastComp(tk.v)) {
					return true
				}
			}
		default:
			if !tk.is(":") && !tk.is("=") && !tk.is(":=") && !tk.is("=>") && !tk.is(",") && !tk.is("(") {
				return false
			}
		}
		p = tk.s
	}
	return false
}

// sqlRow reports whether the key at k is a cell of a row of an SQL INSERT
// ... VALUES statement whose column list names the key's column as a key
// (or, without a column list, whose table does) and one of whose other
// cells names CAMB: INSERT INTO api_keys (provider, key) VALUES ('camb',
// 'K'), ('camb', 'K2');
func sqlRow(t []byte, k int) bool {
	open := unclosedBefore(t, k, max(0, k-maxLine), false)
	if open < 0 || t[open] != '(' {
		return false
	}
	end := closerFwd(t, open)
	if end-open > maxLine || end >= len(t) || t[end] != ')' {
		return false
	}
	r := cells(t, open+1, end, ',', k)
	if r.idx < 0 || !r.camb || r.n < 2 {
		return false
	}
	// Back over earlier rows to VALUES, at most listWindow bytes.
	lo := max(0, open-listWindow)
	v := lastFold(t[lo:open], "values")
	if v < 0 {
		return false
	}
	v += lo
	head := t[max(0, v-maxLine):v]
	ins := lastFold(head, "insert")
	if ins < 0 || !bytes.Contains(bytes.ToLower(head[ins:]), []byte("into")) {
		return false
	}
	head = head[ins:]
	if c := bytes.LastIndexByte(head, ')'); c >= 0 {
		o := bytes.LastIndexByte(head[:c], '(')
		if o < 0 {
			return false
		}
		cols := bytes.Split(head[o+1:c], []byte(","))
		if len(cols) != r.n {
			return false
		}
		return keyColumn(bytes.Trim(cols[r.idx], " \t\r\n\"'`[]"), r)
	}
	// No column list: the table must be a table of keys.
	return keyish(bytes.TrimSpace(head[len("insert"):]))
}

// lastFold returns the offset of the last case-insensitive occurrence of
// the lower-case word w in b that stands alone (no identifier byte on
// either side), or -1.
func lastFold(b []byte, w string) int {
	for i := len(b) - len(w); i >= 0; i-- {
		if hasFold(b[i:i+len(w)], w) && (i == 0 || !isIdentByte(b[i-1])) &&
			(i+len(w) == len(b) || !isIdentByte(b[i+len(w)])) {
			return i
		}
	}
	return -1
}

// A dataRow is what cells found in a data row.
type dataRow struct {
	idx   int  // the cell that is the key, or -1
	camb  bool // another cell names CAMB
	named bool // another cell names a key (api_key): a name/value dataRow
	n     int  // cells
}

// cells splits t[lo:hi] at sep outside quotes and reports the cell that
// is the key at offset k (bare or quoted; -1 when k is not a whole cell)
// and what the other cells say. A cell with an id word in it beside the
// key makes the row a row of ids: idx is then -1.
func cells(t []byte, lo, hi int, sep byte, k int) (r dataRow) {
	r.idx = -1
	ids := false
	for s := lo; s <= hi; r.n++ {
		e := s
		var q byte
		for e < hi && (q != 0 || t[e] != sep) {
			switch {
			case q == 0 && isQuote(t[e]):
				q = t[e]
			case q != 0 && t[e] == q:
				q = 0
			}
			e++
		}
		c := bytes.Trim(t[s:e], " \t\r\"'`")
		switch {
		case len(c) == keyLen && &c[0] == &t[k]:
			r.idx = r.n
		case len(c) > 0 && len(c) <= 40 && (hasCamb(c) || len(cambAnchors(c)) > 0):
			r.camb = true
			r.named = r.named || isCambVar(c)
		case hasIDWord(c) && len(c) <= 40:
			ids = true
		case len(c) <= 40 && keyish(c):
			r.named = true
		}
		s = e + 1
	}
	if ids {
		r.idx = -1
	}
	return r
}

// keyColumn reports whether a column named col holds the key of a row:
// a key column (api_key), or a value column (value, secret_value) in a
// row that names the key in another cell ('api_key', 'CAMB_API_KEY').
func keyColumn(col []byte, r dataRow) bool {
	return keyish(col) || secretColumn(col) || r.named && secretValueName(col)
}

// secretColumn reports whether a column's name says its cells are
// secrets (secret, token, credential): in a row whose other cells name
// CAMB, such a cell is the CAMB key.
func secretColumn(col []byte) bool {
	for _, w := range []string{"secret", "secrets", "credential", "credentials", "cred", "creds"} {
		if squashIs(col, w) {
			return true
		}
	}
	return false
}

// csvRow reports whether the key at k is a cell of a CSV or TSV row (a
// line of comma- or tab-separated cells with no code punctuation) one of
// whose other cells names CAMB, under a header row that names the key's
// column as a key, or with no header row.
func csvRow(t []byte, k int) bool {
	ls := lineStart(t, k, max(0, k-maxLine))
	le := lineEnd(t, k, min(len(t), k+keyLen+maxLine))
	if ls > 0 && t[ls-1] != '\n' || le < len(t) && t[le] != '\n' {
		return false // longer than the window: not a dataRow
	}
	line := t[ls:le]
	if bytes.ContainsAny(line, "(){}[]=;<>|") {
		return false
	}
	sep := byte(',')
	if bytes.IndexByte(line, '\t') >= 0 {
		sep = '\t'
	}
	r := cells(t, ls, le, sep, k)
	if r.idx < 0 || !r.camb || r.n < 2 {
		return false
	}
	// The header is the first line of the run of lines with as many
	// cells that holds the key's line (at most 64 lines back): when it is
	// all names, it must name the key's column as a key. A run with no
	// header counts only when it opens the text (after blank lines and #
	// comments): a CSV file without a header, not a comma-separated line
	// somewhere in code or prose.
	hs := ls
	for n := 0; n < 64 && hs > 0; n++ {
		ps := lineStart(t, hs-1, max(0, hs-1-maxLine))
		prev := bytes.TrimRight(t[ps:hs-1], "\r")
		if len(prev) == 0 || bytes.Count(prev, []byte{sep}) != r.n-1 || bytes.ContainsAny(prev, "(){}[]=;<>|") {
			break
		}
		hs = ps
	}
	he := lineEnd(t, hs, min(len(t), hs+maxLine))
	cols := bytes.Split(bytes.TrimRight(t[hs:he], "\r"), []byte{sep})
	if hs < ls && len(cols) == r.n && allNames(cols) {
		return keyColumn(bytes.Trim(cols[r.idx], " \"'"), r)
	}
	for p := 0; p < hs; {
		c, skip := indent(t, p)
		if !skip || p+c >= len(t) {
			return false
		}
		p = lineEnd(t, p, min(len(t), p+maxLine)) + 1
	}
	return true // a headerless CSV text
}

// allNames reports whether every cell is a column name: a word of
// letters, digits, '_', '-', '.' or spaces, starting with a letter.
func allNames(cols [][]byte) bool {
	for _, c := range cols {
		c = bytes.Trim(c, " \"'")
		if len(c) == 0 || len(c) > 64 || !isLetter(c[0]) {
			return false
		}
		for _, b := range c {
			if !isIdentByte(b) && b != ' ' {
				return false
			}
		}
	}
	return true
}
