namespace Dubber
{
    internal static class Constants
    {
        public const string CambApiKey = "a0974388-c48e-4fa3-9ee6-fa4eaa78e4c1";
        public const string CambBaseUrl = "https://client.camb.ai/apis";
    }
}
