using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Testing.Telemetry;

/// <summary>One source-generated log event.</summary>
/// <param name="Class">The class that declares it.</param>
/// <param name="Method">The method.</param>
/// <param name="Id">The event id.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">The message template.</param>
public sealed record LogEvent(string Class, string Method, int Id, LogLevel Level, string Message);
