package git

import "golang.org/x/sys/unix"

// mapPopulate asks mmap to map every page of the file at once.
const mapPopulate = unix.MAP_POPULATE
