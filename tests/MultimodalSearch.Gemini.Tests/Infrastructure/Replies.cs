using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>Scripted replies for <see cref="FakeGeminiServer"/>, in Gemini's wire format.</summary>
public static class Replies
{
    /// <summary>Replies with a JSON body.</summary>
    public static Func<HttpContext, Task> Json(string json, int status = 200) => Raw(status, "application/json; charset=UTF-8", json);

    /// <summary>Replies with any body and content type (for proxies that answer HTML, say).</summary>
    public static Func<HttpContext, Task> Raw(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>Replies with Google's error envelope, optionally with a RetryInfo detail.</summary>
    public static Func<HttpContext, Task> Error(int code, string status, string message, string? retryDelay = null) =>
        Json(ErrorJson(code, status, message, retryDelay), code);

    /// <summary>Google's error envelope as JSON.</summary>
    public static string ErrorJson(int code, string status, string message, string? retryDelay = null)
    {
        var details = new JsonArray();
        if (retryDelay is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = retryDelay });
        }

        return new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status, ["details"] = details },
        }.ToJsonString();
    }

    /// <summary>Replies 200 with Server-Sent Events, each <c>data: JSON</c> followed by <paramref name="separator"/>, flushed one by one.</summary>
    public static Func<HttpContext, Task> Sse(string separator, params string[] events) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var data in events)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + separator), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>Sends the events, then holds the connection open until the client goes away and reports that.</summary>
    public static Func<HttpContext, Task> SseThenHold(TaskCompletionSource clientGone, params string[] events) => async context =>
    {
        await Sse("\n\n", events)(context);
        await WaitForAbortAsync(context, clientGone);
    };

    /// <summary>Drops the connection without an answer, like a reset by a load balancer.</summary>
    public static Func<HttpContext, Task> Abort() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>Never answers; reports when the client gives up.</summary>
    public static Func<HttpContext, Task> Hang(TaskCompletionSource? clientGone = null) => context => WaitForAbortAsync(context, clientGone);

    private static async Task WaitForAbortAsync(HttpContext context, TaskCompletionSource? clientGone)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            clientGone?.TrySetResult();
        }
    }
}
