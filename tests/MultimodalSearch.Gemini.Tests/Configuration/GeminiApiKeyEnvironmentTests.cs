using MultimodalSearch.Gemini.Configuration;

namespace MultimodalSearch.Gemini.Tests.Configuration;

public sealed class GeminiApiKeyEnvironmentTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Gemini_api_key_variable_supplies_the_key_when_nothing_is_configured()
    {
        var options = new GeminiClientOptions();

        GeminiApiKeyEnvironment.Apply(options, Environment(("GEMINI_API_KEY", " from-gemini ")));

        Assert.Equal("from-gemini", options.ApiKey);
    }

    [Fact]
    public void Google_api_key_wins_over_gemini_api_key_as_in_googles_sdks()
    {
        var options = new GeminiClientOptions();

        GeminiApiKeyEnvironment.Apply(options, Environment(("GEMINI_API_KEY", "from-gemini"), ("GOOGLE_API_KEY", "from-google")));

        Assert.Equal("from-google", options.ApiKey);
    }

    [Fact]
    public void Configured_key_or_project_is_never_overridden_by_the_environment()
    {
        var withKey = new GeminiClientOptions { ApiKey = "configured" };
        var withProject = new GeminiClientOptions { Project = "p" };

        GeminiApiKeyEnvironment.Apply(withKey, Environment(("GEMINI_API_KEY", "env")));
        GeminiApiKeyEnvironment.Apply(withProject, Environment(("GEMINI_API_KEY", "env")));

        Assert.Equal("configured", withKey.ApiKey);
        Assert.Null(withProject.ApiKey);
    }
}
