package rules

// escapedTarget returns where the request of the header at p goes when
// its statement is percent-encoded or HTML-escaped around p (an escape
// within escGap bytes before p or after the key at p): the target is read in the unescaped
// window that encodedOf judges keys in, where the URL's quotes and
// slashes are plain (curl -H &quot;x-api-key: K&quot;
// https:&#x2F;&#x2F;other.host, %22%20https%3A%2F%2Fother.host). It is
// targetUnknown when no escape is near p or no host decides.
func (sc *scan) escapedTarget(p int) target {
	t := sc.t
	encs, n := escapesIn(t[max(0, p-escGap):min(len(t), p+keyLen+escGap)])
	if n == 0 {
		return targetUnknown
	}
	lo := max(0, p-3*nameWindow)
	hi := min(len(t), p+keyLen+maxLine)
	v := targetUnknown
	for _, enc := range encs[:n] {
		un := unescaper(enc)
		buf := un(make([]byte, 0, hi-lo), t[lo:p])
		at := len(buf)
		if buf = un(buf, t[p:hi]); len(buf) == hi-lo {
			continue // nothing was unescaped
		}
		switch (&scan{t: buf}).targetOf(at) {
		case targetCamb:
			return targetCamb
		case targetOther:
			v = targetOther
		}
	}
	return v
}
