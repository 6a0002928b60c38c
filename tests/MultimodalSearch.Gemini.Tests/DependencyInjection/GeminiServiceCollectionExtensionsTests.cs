using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.DependencyInjection;

public sealed class GeminiServiceCollectionExtensionsTests : IAsyncLifetime
{
    private FakeGeminiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddGemini_binds_the_gemini_section_and_sends_through_the_middleware_pipeline()
    {
        _server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MultimodalSearch:Gemini:ApiKey"] = "configured-key",
            ["MultimodalSearch:Gemini:Endpoint"] = _server.BaseUri.AbsoluteUri,
            ["MultimodalSearch:Gemini:Model"] = "gemini-configured",
            ["MultimodalSearch:Gemini:RequestTimeout"] = "00:00:30",
            ["MultimodalSearch:Gemini:SafetySettings:0:Category"] = "HARM_CATEGORY_HARASSMENT",
            ["MultimodalSearch:Gemini:SafetySettings:0:Threshold"] = "BLOCK_ONLY_HIGH",
        }).Build();
        var services = new ServiceCollection();
        var middlewareCalls = 0;

        new MultimodalSearchBuilder(services, configuration.GetSection(MultimodalSearchBuilder.SectionName))
            .AddGemini(configurePipeline: chat => chat.Use(
                async (messages, options, next, cancellationToken) =>
                {
                    middlewareCalls++;
                    await next(messages, options, cancellationToken);
                }));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(1, middlewareCalls);
        Assert.NotNull(client.GetService<GeminiChatClient>());
        var options = provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1beta/models/gemini-configured:generateContent", request.Path);
        Assert.Equal("configured-key", request.Header("x-goog-api-key"));
        Assert.Equal("BLOCK_ONLY_HIGH", (string?)request.Json["safetySettings"]![0]!["threshold"]);
    }

    [Fact]
    public void Double_underscore_environment_variables_map_onto_the_options()
    {
        var prefix = $"GEMINI_TEST_{Guid.NewGuid():N}_";
        string[] names = [prefix + "MultimodalSearch__Gemini__ApiKey", prefix + "MultimodalSearch__Gemini__Endpoint", prefix + "MultimodalSearch__Gemini__MaxRetries"];
        Environment.SetEnvironmentVariable(names[0], "env-key");
        Environment.SetEnvironmentVariable(names[1], "http://127.0.0.1:5999/proxy");
        Environment.SetEnvironmentVariable(names[2], "5");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var services = new ServiceCollection();
            new MultimodalSearchBuilder(services, configuration.GetSection(MultimodalSearchBuilder.SectionName)).AddGemini();
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value;

            Assert.Equal("env-key", options.ApiKey);
            Assert.Equal(new Uri("http://127.0.0.1:5999/proxy"), options.Endpoint);
            Assert.Equal(5, options.MaxRetries);
        }
        finally
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void Code_configuration_runs_after_binding_and_invalid_options_fail_on_resolution_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gemini:ApiKey"] = "k" }).Build();
        var services = new ServiceCollection();
        services.AddGeminiChatClient(configuration.GetSection("Gemini"), o => o.Project = "also-a-project");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("MultimodalSearch:Gemini:ApiKey", error.Message);
        Assert.Contains("MultimodalSearch:Gemini:Project", error.Message);
    }

    [Fact]
    public async Task Registered_token_source_is_used_for_vertex_ai()
    {
        _server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var services = new ServiceCollection();
        services.AddSingleton<IGeminiAccessTokenSource>(new SequenceAccessTokenSource());
        services.AddGeminiChatClient(o =>
        {
            o.Project = "fashion-demo";
            o.Location = "us-central1";
            o.Endpoint = _server.BaseUri;
        }).UseLogging();
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        await client.GetResponseAsync("Hi");

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("gcp.vertex_ai", metadata?.ProviderName);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer token-1", request.Header("authorization"));
        Assert.Equal("/v1beta1/projects/fashion-demo/locations/us-central1/publishers/google/models/gemini-3.5-flash:generateContent", request.Path);
    }
}
