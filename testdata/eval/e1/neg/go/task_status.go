package camb

import (
	"net/http"
	"os"
)

const sampleTaskID = "bc8ae619-2db3-4fa6-9d2d-bb588832b386"

func status(taskID string) (*http.Response, error) {
	req, err := http.NewRequest("GET", "https://client.camb.ai/apis/tts/"+taskID, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", os.Getenv("CAMB_API_KEY"))
	req.Header.Set("X-Request-ID", "6c902fdd-ad75-4bb0-8687-c8f84fa6525b")
	return http.DefaultClient.Do(req)
}
