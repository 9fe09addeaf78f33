package hostile

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Counts tallies outcomes by verdict.
func Counts(outs []Outcome) (pass, fail, na int) {
	for _, o := range outs {
		switch o.Verdict {
		case "PASS":
			pass++
		case "FAIL":
			fail++
		default:
			na++
		}
	}
	return pass, fail, na
}

// WriteTable prints outs as an aligned table. When before is not nil, each
// row also shows the verdict, time and peak RSS of the same case in it.
func WriteTable(w io.Writer, outs []Outcome, before map[string]Outcome) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "CASE\tPT\tWHAT\tEXIT got/want\tWALL\tPEAK RSS\tVERDICT"
	if before != nil {
		head += "\tBEFORE (verdict wall rss)"
	}
	fmt.Fprintln(tw, head+"\tREASON")
	for _, o := range outs {
		row := fmt.Sprintf("%s\t%s\t%s\t%s/%s\t%s\t%s\t%s", o.ID, o.Point, o.What, o.Exit, o.WantExit,
			wall(o), rss(o), o.Verdict)
		if before != nil {
			if b, ok := before[o.ID]; ok {
				row += fmt.Sprintf("\t%s %s %s", b.Verdict, wall(b), rss(b))
			} else {
				row += "\t-"
			}
		}
		fmt.Fprintln(tw, row+"\t"+o.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	pass, fail, na := Counts(outs)
	_, err := fmt.Fprintf(w, "\n%d cases: %d PASS, %d FAIL, %d n/a\n", len(outs), pass, fail, na)
	return err
}

func wall(o Outcome) string {
	if o.Verdict == "n/a" || (o.WallSec == 0 && o.Exit == "-") {
		return "-"
	}
	return fmt.Sprintf("%.2fs", o.WallSec)
}

func rss(o Outcome) string {
	if o.RSSMiB == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0fMiB", o.RSSMiB)
}

// WriteJSON prints outs as a JSON array.
func WriteJSON(w io.Writer, outs []Outcome) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(outs)
}

// ReadJSON reads outcomes that WriteJSON wrote, by case ID.
func ReadJSON(name string) (map[string]Outcome, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var outs []Outcome
	if err := json.Unmarshal(b, &outs); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := make(map[string]Outcome, len(outs))
	for _, o := range outs {
		m[o.ID] = o
	}
	return m, nil
}

// quoteLine returns the first line of s, shortened, with control bytes
// escaped so the table stays readable.
func quoteLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	q := fmt.Sprintf("%q", s)
	return q[1 : len(q)-1]
}

// oneLine joins the lines of s with " / ".
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " / ")), " ")
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return strings.Join(s, "|")
}
