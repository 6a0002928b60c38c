using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.DependencyInjection;

/// <summary>Runs alone: it changes process-wide environment variables that other tests must not see.</summary>
[Collection(SerialEnvironmentTestGroup.Name)]
public sealed class GeminiEnvironmentRegistrationTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void Gemini_api_key_environment_variable_configures_the_registered_client_when_nothing_else_does()
    {
        WithApiKeyEnvironment("key-from-environment", () =>
        {
            var services = new ServiceCollection();
            services.AddGeminiChatClient();
            using var provider = services.BuildServiceProvider();

            Assert.Equal("key-from-environment", provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value.ApiKey);
        });
    }

    [Fact]
    public void AddGeminiIfConfigured_registers_nothing_without_a_key_or_project()
    {
        WithApiKeyEnvironment(null, () =>
        {
            var services = new ServiceCollection();
            new MultimodalSearchBuilder(services, Empty).AddGeminiIfConfigured();
            using var provider = services.BuildServiceProvider();

            Assert.Null(provider.GetService<IChatClient>());
        });
    }

    [Fact]
    public void AddGeminiIfConfigured_registers_the_client_when_the_environment_has_a_key()
    {
        WithApiKeyEnvironment("key-from-environment", () =>
        {
            var services = new ServiceCollection();
            new MultimodalSearchBuilder(services, Empty).AddGeminiIfConfigured();
            using var provider = services.BuildServiceProvider();

            Assert.IsType<GeminiChatClient>(provider.GetService<IChatClient>());
        });
    }

    [Fact]
    public void AddGeminiIfConfigured_registers_the_client_when_code_sets_a_project()
    {
        WithApiKeyEnvironment(null, () =>
        {
            var services = new ServiceCollection();
            services.AddSingleton<IGeminiAccessTokenSource>(new SequenceAccessTokenSource());
            new MultimodalSearchBuilder(services, Empty).AddGeminiIfConfigured(o => o.Project = "fashion-demo");
            using var provider = services.BuildServiceProvider();

            Assert.Equal("gcp.vertex_ai", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.ProviderName);
        });
    }

    private static void WithApiKeyEnvironment(string? geminiApiKey, Action test)
    {
        var saved = (Google: Environment.GetEnvironmentVariable("GOOGLE_API_KEY"), Gemini: Environment.GetEnvironmentVariable("GEMINI_API_KEY"));
        Environment.SetEnvironmentVariable("GOOGLE_API_KEY", null);
        Environment.SetEnvironmentVariable("GEMINI_API_KEY", geminiApiKey);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_API_KEY", saved.Google);
            Environment.SetEnvironmentVariable("GEMINI_API_KEY", saved.Gemini);
        }
    }
}
