package scanner

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/cambscan/cambscan/rules"
)

// Archive limits. Members are read into memory one at a time, never
// written anywhere, so a hostile member name (absolute, "..", a symlink)
// is only a name.
const (
	// maxArchiveDepth is how deep archives nest before one is skipped:
	// a.zip!b.tgz!c.zip!d.env is three levels. Real packages nest two
	// (a wheel in a tarball, a jar in a war); each level can hold one
	// member buffer of up to the size cap at once.
	maxArchiveDepth = 3
	// archiveExpandFactor times the size cap is the total a top-level
	// archive (with everything nested in it) may expand to: 100 MiB at the
	// default cap. That bounds the time one input can cost (inflating and
	// matching 100 MiB takes about a second) while a large jar or npm
	// tarball still fits; a zip bomb stops there.
	archiveExpandFactor = 10
	// maxArchiveMembers bounds the members read in one top-level archive:
	// a jar of the largest real libraries has some tens of thousands.
	maxArchiveMembers = 100_000
	// archiveSlots is how many archives expand at once across all workers:
	// with the depth limit, expansion holds at most archiveSlots x
	// maxArchiveDepth member buffers, whatever --jobs is.
	archiveSlots = 2
)

// archiveKind says which archive format data starts with: by content, not
// by name, so a jar, wheel, apk or docx is a zip and a .tgz a gzip.
type archiveKind uint8

const (
	notArchive archiveKind = iota
	zipArchive
	tarArchive
	gzipArchive
)

func kindOf(data []byte) archiveKind {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return zipArchive
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b, 8}):
		return gzipArchive
	case isTar(data):
		return tarArchive
	}
	return notArchive
}

// isTar reports whether data starts with a POSIX or GNU tar header.
func isTar(data []byte) bool {
	return len(data) >= 512 && bytes.HasPrefix(data[257:], []byte("ustar"))
}

// An expansion matches the members of one top-level archive chunk, on the
// worker that read it.
type expansion struct {
	ctx     context.Context
	opts    *Options
	maxSize int64
	origin  Origin
	// left is the expanded bytes and members the archive may still use.
	left, members int64
	found         []Finding
	// notes are skips of members; Path is the member path.
	notes []Skip
	// stop is set once a limit is reached: no more members are read.
	stop bool
}

// expand matches the members of archive data of kind k at member path
// prefix (empty for the chunk itself) and nesting depth (1 for the
// chunk). It returns false when data does not decode as an archive at
// all, so the caller matches it as plain content.
func (e *expansion) expand(k archiveKind, data []byte, prefix string, depth int) bool {
	switch k {
	case zipArchive:
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
			return false
		}
		e.zipMembers(zr, prefix, depth)
	case tarArchive:
		return e.tarMembers(tar.NewReader(bytes.NewReader(data)), prefix, depth, false)
	case gzipArchive:
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return false
		}
		defer zr.Close()
		br := bufio.NewReaderSize(zr, 4096)
		if head, _ := br.Peek(512); isTar(head) {
			// A .tar.gz (.tgz, an npm package) lists the tar's members
			// directly: pkg.tgz!package/index.js.
			e.tarMembers(tar.NewReader(br), prefix, depth, true)
			return true
		}
		if name := gzipName(zr.Name, prefix, e.origin); !e.excludedMember(join(prefix, name)) {
			e.member(br, name, -1, prefix, depth)
		}
	default:
		return false
	}
	return true
}

// gzipName names the one member of a .gz: the name its header records, or
// the archive's name without .gz.
func gzipName(header, prefix string, o Origin) string {
	if header != "" {
		return header
	}
	outer := prefix
	if outer == "" {
		outer = o.Path
	}
	if i := strings.LastIndex(outer, "!"); i >= 0 {
		outer = outer[i+1:]
	}
	base := path.Base(outer)
	if s := strings.TrimSuffix(base, ".gz"); s != base && s != "" {
		return s
	}
	return "data"
}

func (e *expansion) zipMembers(zr *zip.Reader, prefix string, depth int) {
	for _, f := range zr.File {
		if e.stop {
			return
		}
		if !f.Mode().IsRegular() {
			continue // directories and symbolic links are names only
		}
		name := join(prefix, f.Name)
		if e.excludedMember(name) {
			continue
		}
		if f.UncompressedSize64 > uint64(e.maxSize) {
			e.note(name, Skip{Class: SkipTooLarge, Size: int64(min(f.UncompressedSize64, 1<<62)), Limit: e.maxSize})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			e.note(name, Skip{Class: SkipArchiveCorrupt, Detail: err.Error()})
			continue
		}
		e.member(rc, f.Name, int64(f.UncompressedSize64), prefix, depth)
		rc.Close()
	}
}

// tarMembers matches the regular files of a tar. It returns false when
// the first header does not parse (data that only looked like a tar).
// For a compressed tar the bytes of skipped members are inflated too, so
// they count against the budget.
func (e *expansion) tarMembers(tr *tar.Reader, prefix string, depth int, compressed bool) bool {
	for first := true; !e.stop; first = false {
		h, err := tr.Next()
		if err == io.EOF {
			return true
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			if first {
				return false
			}
			e.note(prefix, Skip{Class: SkipArchiveCorrupt, Detail: err.Error()})
			return true
		}
		if !h.FileInfo().Mode().IsRegular() {
			continue // directories, links and devices are names only
		}
		name := join(prefix, h.Name)
		if e.excludedMember(name) {
			// Passed over unread; a compressed tar still inflates it to
			// reach the next header, so it counts against the budget.
			if compressed && !e.spend(h.Size) {
				return true
			}
			continue
		}
		if h.Size > e.maxSize {
			e.note(name, Skip{Class: SkipTooLarge, Size: h.Size, Limit: e.maxSize})
			if compressed && !e.spend(h.Size) {
				return true
			}
			continue
		}
		e.member(tr, h.Name, h.Size, prefix, depth)
	}
	return true
}

// spend takes n expanded bytes from the budget, and stops the expansion
// with a bomb skip when there are not enough.
func (e *expansion) spend(n int64) bool {
	if n > e.left {
		e.bomb(fmt.Sprintf("%d bytes", e.maxSize*archiveExpandFactor))
		return false
	}
	e.left -= n
	return true
}

func (e *expansion) bomb(what string) {
	e.note("", Skip{Class: SkipArchiveBomb, Detail: what})
	e.stop = true
}

// member reads one member (of declared size, or -1 when unknown) from r
// and matches it, or expands it when it is an archive itself.
func (e *expansion) member(r io.Reader, name string, size int64, prefix string, depth int) {
	full := join(prefix, name)
	if e.ctx.Err() != nil {
		e.stop = true
		return
	}
	if e.members--; e.members < 0 {
		e.bomb(fmt.Sprintf("%d members", maxArchiveMembers))
		return
	}
	if size > e.left {
		e.bomb(fmt.Sprintf("%d bytes", e.maxSize*archiveExpandFactor))
		return
	}
	limit := min(e.maxSize, e.left)
	// The head first: a binary member that is no archive (a class file,
	// an image: most of a jar) is passed over without inflating the rest.
	// Its bytes still count against the budget as if read, as the rest
	// of a compressed tar's member is inflated to reach the next header.
	head := make([]byte, min(int64(rules.SniffLen), limit+1))
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err == nil && int64(n) < limit+1 && kindOf(head) == notArchive && rules.Binary(head) {
		if rest := size - int64(n); size > 0 && rest > 0 {
			e.left -= min(rest, e.left)
		}
		e.left -= int64(n)
		return
	}
	data := head
	if err == nil && int64(n) == int64(len(head)) && int64(n) <= limit {
		if size > int64(n) && size <= limit {
			data = append(make([]byte, 0, size+1), head...)
		}
		data, err = readRest(data, io.LimitReader(r, limit+1-int64(n)))
	}
	if err != nil {
		// A bad checksum or a cut stream: what was read is still the
		// member's content, and a key in it still counts.
		e.note(full, Skip{Class: SkipArchiveCorrupt, Detail: err.Error()})
	}
	if int64(len(data)) > limit {
		if limit < e.maxSize {
			e.bomb(fmt.Sprintf("%d bytes", e.maxSize*archiveExpandFactor))
			return
		}
		// A member whose header understated its size, or a .gz of more
		// than the cap.
		e.left -= int64(len(data))
		e.note(full, Skip{Class: SkipTooLarge, Limit: e.maxSize})
		return
	}
	e.left -= int64(len(data))
	if k := kindOf(data); k != notArchive {
		if depth >= maxArchiveDepth {
			e.note(full, Skip{Class: SkipArchiveDepth, Limit: maxArchiveDepth})
			return
		}
		if e.expand(k, data, full, depth+1) {
			return
		}
	}
	text, skip := rules.Text(data)
	if skip != "" {
		// Binary members (class files, images) are passed over without a
		// note: a jar is mostly those.
		return
	}
	o := e.origin
	o.Member = full
	fs, over := matchText(e.opts, text, o)
	e.found = append(e.found, fs...)
	if over != nil {
		e.note(full, *over)
	}
}

// readRest appends what r holds to data, as io.ReadAll does.
func readRest(data []byte, r io.Reader) ([]byte, error) {
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

func (e *expansion) note(member string, s Skip) {
	s.Path = member
	e.notes = append(e.notes, s)
}

// join appends a member name to a member path.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "!" + name
}
