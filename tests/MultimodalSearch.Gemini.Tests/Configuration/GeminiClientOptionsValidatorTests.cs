using MultimodalSearch.Gemini.Configuration;

namespace MultimodalSearch.Gemini.Tests.Configuration;

public sealed class GeminiClientOptionsValidatorTests
{
    private static string Problems(GeminiClientOptions options) => string.Join(" | ", GeminiClientOptionsValidator.GetErrors(options));

    [Fact]
    public void Api_key_alone_or_project_alone_is_valid()
    {
        Assert.Empty(GeminiClientOptionsValidator.GetErrors(new GeminiClientOptions { ApiKey = "k" }));
        Assert.Empty(GeminiClientOptionsValidator.GetErrors(new GeminiClientOptions { Project = "my-project", Location = "us-central1", CredentialsFile = "/keys/sa.json" }));
    }

    [Fact]
    public void Neither_backend_configured_says_how_to_configure_one()
    {
        var problems = Problems(new GeminiClientOptions());

        Assert.Contains("MultimodalSearch:Gemini:ApiKey", problems);
        Assert.Contains("GEMINI_API_KEY", problems);
        Assert.Contains("MultimodalSearch:Gemini:Project", problems);
    }

    [Fact]
    public void Both_backends_configured_is_an_error()
    {
        Assert.Contains("Both", Problems(new GeminiClientOptions { ApiKey = "k", Project = "p" }));
    }

    [Theory]
    [InlineData("evil.com/x")]
    [InlineData("us central")]
    [InlineData("")]
    public void Location_that_is_not_a_location_id_is_an_error(string location)
    {
        Assert.Contains("Location", Problems(new GeminiClientOptions { Project = "p", Location = location }));
    }

    [Fact]
    public void Project_with_path_characters_is_an_error()
    {
        Assert.Contains("Project", Problems(new GeminiClientOptions { Project = "p/../../x" }));
    }

    [Theory]
    [InlineData("ftp://proxy.example.com")]
    [InlineData("https://proxy.example.com/?key=1")]
    [InlineData("https://user:pass@proxy.example.com")]
    public void Endpoint_must_be_a_plain_http_base_uri(string endpoint)
    {
        Assert.Contains("Endpoint", Problems(new GeminiClientOptions { ApiKey = "k", Endpoint = new Uri(endpoint) }));
    }

    [Fact]
    public void Numeric_limits_and_incomplete_safety_settings_are_reported_together()
    {
        var options = new GeminiClientOptions { ApiKey = "k", RequestTimeout = TimeSpan.Zero, MaxRetries = -1, RetryBaseDelay = TimeSpan.FromSeconds(-1), Model = " " };
        options.SafetySettings.Add(new GeminiSafetySetting { Category = "HARM_CATEGORY_HARASSMENT" });

        var problems = GeminiClientOptionsValidator.GetErrors(options);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("RequestTimeout"));
        Assert.Contains(problems, p => p.Contains("MaxRetries"));
        Assert.Contains(problems, p => p.Contains("RetryBaseDelay"));
        Assert.Contains(problems, p => p.Contains("Model"));
        Assert.Contains(problems, p => p.Contains("SafetySettings:0"));
    }

    [Fact]
    public void Credentials_file_without_a_project_is_an_error()
    {
        Assert.Contains("CredentialsFile", Problems(new GeminiClientOptions { ApiKey = "k", CredentialsFile = "/keys/sa.json" }));
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("v1beta1", true)]
    [InlineData("v1alpha", true)]
    [InlineData("v1/../x", false)]
    [InlineData("beta", false)]
    public void Api_version_must_be_a_version_id(string version, bool valid)
    {
        Assert.Equal(valid, !Problems(new GeminiClientOptions { ApiKey = "k", ApiVersion = version }).Contains("ApiVersion", StringComparison.Ordinal));
    }

    [Fact]
    public void Quota_project_needs_vertex_ai_and_a_project_id()
    {
        Assert.Contains("QuotaProject is only used with Vertex AI", Problems(new GeminiClientOptions { ApiKey = "k", QuotaProject = "billing" }));
        Assert.Contains("QuotaProject 'bad project'", Problems(new GeminiClientOptions { Project = "p", QuotaProject = "bad project" }));
        Assert.Empty(GeminiClientOptionsValidator.GetErrors(new GeminiClientOptions { Project = "p", QuotaProject = "billing-1" }));
    }

    [Fact]
    public void Resilience_and_limit_settings_are_range_checked()
    {
        var problems = Problems(new GeminiClientOptions
        {
            ApiKey = "k",
            RetryBudget = TimeSpan.FromSeconds(-1),
            CircuitBreakDuration = TimeSpan.FromMilliseconds(100),
            ConnectTimeout = TimeSpan.Zero,
            MaxInlineDataBytes = 0,
        });

        Assert.Contains("RetryBudget", problems);
        Assert.Contains("CircuitBreakDuration", problems);
        Assert.Contains("ConnectTimeout", problems);
        Assert.Contains("MaxInlineDataBytes", problems);
        Assert.Empty(GeminiClientOptionsValidator.GetErrors(new GeminiClientOptions { ApiKey = "k", CircuitBreakDuration = TimeSpan.Zero }));
    }
}
