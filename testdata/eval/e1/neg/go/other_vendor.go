package geo

import "net/http"

// used by the camb dubbing UI to localise dates
func lookup() (*http.Response, error) {
	req, _ := http.NewRequest("GET", "https://api.geoapify.com/v1/ipinfo", nil)
	req.Header.Set("x-api-key", "6f77d1a2-6542-45d2-9be2-fd0104b53af4")
	return http.DefaultClient.Do(req)
}
