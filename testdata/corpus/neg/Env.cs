client.DefaultRequestHeaders.Add("x-api-key", Environment.GetEnvironmentVariable("CAMB_API_KEY"));
var correlation = Guid.Parse("ab70fbc8-fbfd-49c4-9ff6-da5187dda030");
