using System.Net;
using MultimodalSearch.Gemini.Http;

namespace MultimodalSearch.Gemini.Tests.Http;

public sealed class GeminiRetryPolicyTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(501, false)]
    public void Only_transient_statuses_are_retryable(int status, bool retryable)
    {
        Assert.Equal(retryable, GeminiRetryPolicy.IsRetryable((HttpStatusCode)status));
    }

    [Theory]
    [InlineData(1, 800, 1200)]
    [InlineData(2, 1600, 2400)]
    [InlineData(3, 3200, 4800)]
    public void Backoff_doubles_per_retry_within_twenty_percent_jitter(int retry, double minMs, double maxMs)
    {
        for (var i = 0; i < 50; i++)
        {
            var delay = GeminiRetryPolicy.Backoff(retry, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

            Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
        }
    }

    [Fact]
    public void Backoff_is_capped_at_the_maximum_delay()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), GeminiRetryPolicy.Backoff(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
    }
}
