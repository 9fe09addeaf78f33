package hostile

// Cases returns every case, in the order of the points.
func Cases() []Case {
	var cs []Case
	for _, group := range [][]Case{
		graphCases(),
		bombCases(),
		metaCases(),
		signalCases(),
		closedCases(),
		leakCases(),
		workCases(),
		smallCases(),
		newUserCases(),
	} {
		cs = append(cs, group...)
	}
	return cs
}
