package rules

import "testing"

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"INSERT INTO keys VALUES ('camb', 'k')", true},
		{"insert into keys values", true},
		{"x = VaLuEs", true},
		{"values", true},
		{"value s", false},
		{"valu", false},
		{"", false},
		{"VALUE", false},
	} {
		if got := containsFold([]byte(c.text), "values"); got != c.want {
			t.Errorf("containsFold(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
