package store

import "testing"

func TestParse(t *testing.T) {
	ids := []string{"5dbf0c9a-94e3-424f-b644-1797d1da8ee7", "48b1ce8c-aba1-46a7-a443-fb06fc563276"}
	for _, id := range ids {
		if len(id) != 36 {
			t.Fatal(id)
		}
	}
}
