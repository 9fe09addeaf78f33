using System;
using System.Net.Http;
using Camb.AI;

class Program
{
    const string TaskId = "e35113c0-36fb-4beb-b6cc-0e91dc81e72e";

    static async System.Threading.Tasks.Task Main()
    {
        var camb = new CambAIClient(apiKey: "c95477d2-eda2-48f9-a7ac-fa4e7d47ce22");

        using var client = new HttpClient { BaseAddress = new Uri("https://client.camb.ai/apis/") };
        client.DefaultRequestHeaders.Add("x-api-key", "7e14ec81-6458-4de6-b539-fa4e37af5788");
        Console.WriteLine(await client.GetStringAsync("list-voices"));

        var request = new HttpRequestMessage(HttpMethod.Get, $"tts/{TaskId}");
        request.Headers.Add("X-API-KEY", Environment.GetEnvironmentVariable("CAMB_API_KEY"));
        await client.SendAsync(request);
    }
}
