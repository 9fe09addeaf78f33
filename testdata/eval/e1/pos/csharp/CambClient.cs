using System;
using System.Net.Http;

namespace Dubber.Services
{
    public class CambClient
    {
        private readonly HttpClient _http;

        public CambClient()
        {
            _http = new HttpClient { BaseAddress = new Uri("https://client.camb.ai/apis/") };
            _http.DefaultRequestHeaders.Add("x-api-key", "168832c0-a94d-4b5f-868e-fa4ed5d3d900");
        }
    }
}
