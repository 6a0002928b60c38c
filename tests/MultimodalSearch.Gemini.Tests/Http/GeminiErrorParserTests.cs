using System.Net;
using MultimodalSearch.Gemini.Http;

namespace MultimodalSearch.Gemini.Tests.Http;

public sealed class GeminiErrorParserTests
{
    [Theory]
    [InlineData("26s", 26_000)]
    [InlineData("0.2s", 200)]
    [InlineData("1.500s", 1_500)]
    [InlineData("0s", 0)]
    public void Protobuf_durations_are_parsed(string value, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GeminiErrorParser.ParseDuration(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("26")]
    [InlineData("-1s")]
    [InlineData("abc s")]
    [InlineData("1e3s")]
    public void Malformed_durations_are_ignored(string? value)
    {
        Assert.Null(GeminiErrorParser.ParseDuration(value));
    }

    [Fact]
    public void Googles_error_envelope_gives_status_message_and_retry_delay()
    {
        var info = GeminiErrorParser.Parse(HttpStatusCode.TooManyRequests, """
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
                         {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}
            """);

        Assert.Equal(HttpStatusCode.TooManyRequests, info.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", info.Status);
        Assert.Equal("Resource has been exhausted (e.g. check quota).", info.Message);
        Assert.Equal(TimeSpan.FromSeconds(26), info.RetryAfter);
    }

    [Fact]
    public void Error_wrapped_in_an_array_is_read()
    {
        var info = GeminiErrorParser.Parse(HttpStatusCode.BadRequest, """[{"error":{"code":400,"message":"Bad schema.","status":"INVALID_ARGUMENT"}}]""");

        Assert.Equal("INVALID_ARGUMENT", info.Status);
        Assert.Equal("Bad schema.", info.Message);
    }

    [Fact]
    public void Body_that_is_not_json_becomes_a_bounded_excerpt()
    {
        var info = GeminiErrorParser.Parse(HttpStatusCode.BadGateway, "<html>" + new string('x', 5000) + "</html>");

        Assert.Equal(HttpStatusCode.BadGateway, info.StatusCode);
        Assert.Null(info.Status);
        Assert.StartsWith("<html>", info.Message);
        Assert.True(info.Message.Length <= 1003, "the excerpt is cut at 1000 characters plus an ellipsis");
    }

    [Fact]
    public async Task Retry_after_header_is_used_when_the_body_gives_no_delay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"error":{"code":503,"message":"Overloaded.","status":"UNAVAILABLE"}}"""),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var info = await GeminiErrorParser.ReadAsync(response, text => text, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), info.RetryAfter);
    }
}
