using Microsoft.Extensions.Logging;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Log lines on the CLI's stderr, one line each: <c>warn: message</c>. With <c>--verbose</c> every level, the category
/// and the exception (with its stack trace); without, warnings only: a failure is reported once, by the command's
/// own error line (or its summary), never with a stack trace.
/// </summary>
/// <param name="error">Stderr (lines go through the progress display while one runs).</param>
/// <param name="verbose">Whether to add categories and exceptions.</param>
internal sealed class CliLoggerProvider(TextWriter error, bool verbose) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CliLogger(error, verbose, categoryName);

    public void Dispose()
    {
    }

    private sealed class CliLogger(TextWriter error, bool verbose, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || (!verbose && logLevel >= LogLevel.Error))
            {
                return;
            }

            var message = OneLine(formatter(state, exception));
            var line = verbose
                ? $"{Level(logLevel)}: {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}"
                : $"{Level(logLevel)}: {message}";
            error.WriteLine(line);
        }

        private static string OneLine(string text) => text.ReplaceLineEndings(" ");

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
