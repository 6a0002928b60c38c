using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// A local stand-in for the Gemini API: Kestrel on 127.0.0.1 answering <c>generateContent</c> in Gemini's wire
/// format from a per-test script, and recording every request body. An unscripted request gets a 599.
/// </summary>
internal sealed class LocalGeminiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<(string Path, JsonNode Body)> _requests = new();

    private LocalGeminiServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<(string Path, JsonNode Body)> Requests => [.. _requests];

    public static async Task<LocalGeminiServer> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new LocalGeminiServer(app);
        app.Run(server.HandleAsync);
        server.BaseUri = await LoopbackWebApp.StartAsync(app);
        return server;
    }

    /// <summary>Answers the next request with a candidate whose text is <paramref name="text"/>, as Gemini does.</summary>
    public LocalGeminiServer ReplyText(string text)
    {
        var body = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["modelVersion"] = "gemini-test",
        };
        return Enqueue(context => Write(context, 200, body.ToJsonString()));
    }

    /// <summary>Answers the next request with a Gemini error object.</summary>
    public LocalGeminiServer ReplyError(int status, string message)
    {
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = "INVALID_ARGUMENT" } };
        return Enqueue(context => Write(context, status, body.ToJsonString()));
    }

    /// <summary>Never answers the next request: it waits until the client gives up.</summary>
    public LocalGeminiServer Stall() => Enqueue(async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task Write(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private LocalGeminiServer Enqueue(Func<HttpContext, Task> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? new JsonObject();
        _requests.Enqueue((context.Request.Path.Value ?? "", body));
        if (_script.TryDequeue(out var reply))
        {
            await reply(context);
        }
        else
        {
            await Write(context, 599, JsonSerializer.Serialize(new { error = new { code = 599, message = "No scripted reply." } }));
        }
    }
}
