using System.Net.Http;

public class CambClient
{
    private readonly HttpClient _http = new HttpClient
    {
        BaseAddress = new Uri("https://client.camb.ai/apis/")
    };

    public CambClient()
    {
        _http.DefaultRequestHeaders.Add("x-api-key", "42c723bd-e917-473f-9974-fa4e95784a76");
    }
}
