package main

// damagedWarnings returns a warning per damaged segment of the seen store
// that the run found (when it opened the store, or in a merge): the
// segment is not trusted, so the blobs it listed were read again.
func (gc *gitCache) damagedWarnings() []string {
	var ws []string
	for _, p := range gc.seen.Damaged() {
		ws = append(ws, "cache: the seen-blob segment "+p+" is damaged and was not trusted (its blobs are read again)")
	}
	return ws
}
