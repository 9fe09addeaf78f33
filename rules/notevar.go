package rules

import "bytes"

// This file widens notes by two shapes the E2 evaluation corpus found:
// a note that calls the key a token (camb.ai token -> K), and a Markdown
// table row whose other cell is a CAMB-named variable
// (| `CAMB_API_KEY` | `K` | ... |), as environment tables in READMEs
// write them, whatever the header of the value column says (Example,
// Value, Default).

// isTokenWord reports whether w is "token" or "apitoken" in any case.
func isTokenWord(w []byte) bool {
	return squashIs(w, "token") || squashIs(w, "apitoken")
}

// rowNamesCambVar reports whether a cell of row other than the key's
// (column col) is a CAMB-named key variable and no cell of the row says
// id, task or the like.
func rowNamesCambVar(row []byte, col int) bool {
	cells := bytes.Split(row, []byte("|"))
	found := false
	for i, c := range cells {
		if i == col {
			continue
		}
		if stops(c) {
			return false
		}
		if v := bytes.Trim(bytes.TrimSpace(c), "`*'\""); len(v) > 0 && isCambVar(v) {
			found = true
		}
	}
	return found
}
