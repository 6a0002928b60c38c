namespace MultimodalSearch.Gemini.Tests;

public sealed class GeminiClientOptionsTests
{
    [Fact]
    public void Defaults_suit_llm_calls()
    {
        var options = new GeminiClientOptions();

        Assert.Equal("gemini-3.5-flash", options.Model);
        Assert.Equal("global", options.Location);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RequestTimeout);
        Assert.Equal(3, options.MaxRetries);
        Assert.Empty(options.SafetySettings);
    }

    [Fact]
    public void ToString_describes_the_options_without_the_api_key_or_endpoint_credentials()
    {
        var options = new GeminiClientOptions { ApiKey = "AIza-secret-value", Endpoint = new Uri("https://proxy.example.com/base") };

        var text = options.ToString();

        Assert.DoesNotContain("AIza-secret-value", text);
        Assert.Contains("api key set", text);
        Assert.Contains("https://proxy.example.com/base", text);
        Assert.Contains("gemini-3.5-flash", text);
    }
}
