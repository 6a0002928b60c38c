using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>Collects every log line (message, state values and exception text) at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines);

    public void Dispose()
    {
    }
}
