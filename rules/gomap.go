package rules

// goMapType returns the offset of the map keyword of a Go map type that
// ends right before the brace at open (cambKeys = map[string]string{), so
// that the name before it labels the map; else it returns open.
func goMapType(t []byte, open, lo int) int {
	if t[open] != '{' {
		return open
	}
	v := prevTok(t, open, lo)
	if v.kind != 'i' || v.nl {
		return open
	}
	cl := prevTok(t, v.s, lo)
	if !cl.is("]") {
		return open
	}
	k := prevTok(t, cl.s, lo)
	if k.kind != 'i' {
		return open
	}
	ob := prevTok(t, k.s, lo)
	if !ob.is("[") {
		return open
	}
	if m := prevTok(t, ob.s, lo); m.kind == 'i' && string(m.v) == "map" {
		return m.s
	}
	return open
}
