using System.Net.Http;
using System.Threading.Tasks;

public class TtsService
{
    private const string BaseUrl = "https://client.camb.ai/apis";
    private readonly string _apiKey = "d91281d5-07f4-401f-9ad9-fa4ef9af4eae";
    private readonly HttpClient _http = new HttpClient();

    public async Task<string> VoicesAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{BaseUrl}/list-voices");
        request.Headers.Add("x-api-key", _apiKey);
        var response = await _http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
