using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.DependencyInjection;

/// <summary>Runs alone: it changes process-wide environment variables that other tests must not see.</summary>
[Collection(SerialEnvironmentTestGroup.Name)]
public sealed class GeminiApiKeyEnvironmentRegistrationTests
{
    [Fact]
    public void Gemini_api_key_environment_variable_configures_the_registered_client_when_nothing_else_does()
    {
        var saved = (Google: Environment.GetEnvironmentVariable("GOOGLE_API_KEY"), Gemini: Environment.GetEnvironmentVariable("GEMINI_API_KEY"));
        Environment.SetEnvironmentVariable("GOOGLE_API_KEY", null);
        Environment.SetEnvironmentVariable("GEMINI_API_KEY", "key-from-environment");
        try
        {
            var services = new ServiceCollection();
            services.AddGeminiChatClient();
            using var provider = services.BuildServiceProvider();

            Assert.Equal("key-from-environment", provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value.ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_API_KEY", saved.Google);
            Environment.SetEnvironmentVariable("GEMINI_API_KEY", saved.Gemini);
        }
    }
}
