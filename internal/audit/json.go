package audit

import (
	"encoding/json"
	"fmt"
	"io"
)

// jsonSchema names the JSON report's shape (docs/cambscan-audit.schema.json).
const jsonSchema = "cambscan-audit/v1"

// jsonSink writes the report as one JSON document, streamed: the summary,
// then a "keys" array whose entries each stream their "locations".
type jsonSink struct {
	w             io.Writer
	tool, version string
	keys, locs    int // written so far (of the report, of the key)
}

func (j *jsonSink) begin(s *Summary) error {
	head, err := json.Marshal(struct {
		Schema  string   `json:"schema"`
		Tool    any      `json:"tool"`
		Summary *Summary `json:"summary"`
	}{jsonSchema, struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}{j.tool, j.version}, s})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(j.w, "%s,\"keys\":[", head[:len(head)-1])
	return err
}

func (j *jsonSink) key(k *Key) error {
	b, err := json.Marshal(k)
	if err != nil {
		return err
	}
	sep := "\n"
	if j.keys > 0 {
		sep = ",\n"
	}
	j.keys++
	j.locs = 0
	_, err = fmt.Fprintf(j.w, "%s%s,\"locations\":[", sep, b[:len(b)-1])
	return err
}

func (j *jsonSink) loc(l *Location) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	if j.locs > 0 {
		if _, err := io.WriteString(j.w, ","); err != nil {
			return err
		}
	}
	j.locs++
	_, err = j.w.Write(b)
	return err
}

func (j *jsonSink) endKey() error {
	_, err := io.WriteString(j.w, "]}")
	return err
}

func (j *jsonSink) end() error {
	_, err := io.WriteString(j.w, "\n]}\n")
	return err
}
