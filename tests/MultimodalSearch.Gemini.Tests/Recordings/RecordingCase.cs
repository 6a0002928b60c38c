namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>One reply to serve from a recording, and what the client must make of it.</summary>
public sealed record RecordingCase(
    int HttpStatus, string ContentType, string Body, bool Streaming, ExpectedAnswer Expected, int? ExpectedStatus, string? ExpectedGoogleStatus, TimeSpan? RetryAfter)
{
    /// <summary>Gets the name of the reply inside a file that holds several, or null.</summary>
    public string? Label { get; init; }

    public static RecordingCase Unary(string body, ExpectedAnswer expected) =>
        new(200, "application/json; charset=UTF-8", body, Streaming: false, expected, null, null, null);

    public static RecordingCase Stream(string body, ExpectedAnswer expected) =>
        new(200, "text/event-stream", body, Streaming: true, expected, expected.ErrorStatus, null, null);

    public static RecordingCase HttpError(int httpStatus, string contentType, string body, bool streaming, int expectedStatus, string? expectedGoogleStatus, TimeSpan? retryAfter) =>
        new(httpStatus, contentType, body, streaming, new ExpectedAnswer { Outcome = Outcome.Fails }, expectedStatus, expectedGoogleStatus, retryAfter);
}
