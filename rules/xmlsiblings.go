package rules

import "bytes"

// This file gives a generic key name in an XML settings block a CAMB
// meaning when a sibling entry of the same block binds a CAMB host or
// provider, as siblings.go does for .env, YAML and TOML:
//
//	<appSettings>
//	  <add key="Speech.Provider" value="camb" />
//	  <add key="Speech.ApiKey" value="K" />
//	</appSettings>
//
// Entries are .NET <add key= value=>, Settings.settings and .resx
// <setting name=><value>, <data name=><value>, Spring <property name=
// value=> and Maven <properties> elements (<tts.base-url>...</...>). The
// key's name must be key-like with only generic words or words shared
// with the sibling's name (keyLike, qualified); a sibling that is itself a
// key does not anchor.

// Bounds of the sibling reading: bytes after the key's entry and tags read
// from the block's start tag.
const (
	xmlSiblingWindow = 4096
	xmlSiblingTags   = 96
	xmlEntryText     = 512 // bytes of one entry's element text
)

// xmlSiblingsBindCamb reports whether the XML entry at tagStart, named
// name, has a sibling entry in its enclosing element whose value names
// CAMB under a name that qualifies it.
func (sc *scan) xmlSiblingsBindCamb(tagStart int, name []byte) bool {
	quals, ok := keyLike(name)
	if !ok || !sc.anchorIn(tagStart-2*blockWindow, tagStart+2*blockWindow) {
		return false
	}
	t := sc.t
	p, ok := xmlParent(t, tagStart)
	if !ok {
		return false
	}
	pt := xmlTag(t, p)
	if pt.end < 0 {
		return false
	}
	hi := min(len(t), tagStart+xmlSiblingWindow)
	depth := 0
	for i, n := pt.end+1, 0; i < hi && n < xmlSiblingTags; n++ {
		j := bytes.IndexByte(t[i:hi], '<')
		if j < 0 {
			break
		}
		lt := i + j
		tg := xmlTag(t, lt)
		if tg.end < 0 || tg.nameE == tg.nameS {
			i = lt + 1 // a comment, a declaration or a stray '<'
			continue
		}
		i = tg.end + 1
		switch {
		case tg.closing:
			if depth == 0 {
				return false // the block ends
			}
			depth--
		case depth == 0:
			if lt != tagStart && xmlEntryBindsCamb(t, tg, quals) {
				return true
			}
			if !tg.selfClosing {
				depth++
			}
		case !tg.selfClosing:
			depth++
		}
	}
	return false
}

// xmlEntryBindsCamb reports whether the entry tg (a direct child of the
// block) binds CAMB: its value attribute, or its element text (with a
// <value> child), names CAMB, and its name is not a key and qualifies
// quals.
func xmlEntryBindsCamb(t []byte, tg xmlTagInfo, quals []string) bool {
	name := tg.attr(t, "key", "name")
	if name == nil {
		name = t[tg.nameS:tg.nameE]
	}
	if _, isKey := keyLike(name); isKey || hasIDWord(name) {
		return false
	}
	v := tg.attr(t, "value")
	if v == nil && !tg.selfClosing {
		// the element's text, up to its closing tag
		e := min(len(t), tg.end+1+xmlEntryText)
		end := bytes.Index(t[tg.end+1:e], append([]byte("</"), t[tg.nameS:tg.nameE]...))
		if end < 0 {
			return false
		}
		v = t[tg.end+1 : tg.end+1+end]
	}
	return len(v) > 0 && len(cambAnchors(v)) > 0 && qualified(quals, name)
}
