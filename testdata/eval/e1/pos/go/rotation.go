package pool

import (
	"net/http"
	"sync/atomic"
)

var cambKeys = []string{
	"a77bbde3-a823-472d-be5e-fa4e983cda64",
	"cc56a744-3851-4d88-ae31-fa4ed0555b0e",
}

var n atomic.Uint64

func sign(req *http.Request) {
	i := n.Add(1)
	req.Header.Set("x-api-key", cambKeys[i%uint64(len(cambKeys))])
}

func newReq() (*http.Request, error) {
	req, err := http.NewRequest("GET", "https://client.camb.ai/apis/list-voices", nil)
	if err != nil {
		return nil, err
	}
	sign(req)
	return req, nil
}
