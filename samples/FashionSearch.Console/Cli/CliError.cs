using System.Text.Json;
using Microsoft.Extensions.Options;
using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Turns any exception that ends a command into one line for a person and the contract's exit code: 2 when the
/// command line (or a file it names) is wrong, 1 when the request failed, 130 when interrupted. Never a stack trace.
/// </summary>
internal static class CliError
{
    /// <summary>Describes <paramref name="exception"/>.</summary>
    /// <param name="exception">What ended the command.</param>
    /// <param name="cancelled">Whether the run was interrupted (then a cancellation is 130, not a failure).</param>
    public static (int ExitCode, string Message) Describe(Exception exception, bool cancelled)
    {
        return exception switch
        {
            OperationCanceledException when cancelled => (ExitCodes.Cancelled, "cancelled"),
            UsageException => (ExitCodes.BadUsage, exception.Message),

            // The library's argument checks name the problem; the "(Parameter 'request')" suffix is for programmers.
            // A request the workflow refuses is bad usage (AskTurn says so); other refused arguments come from configuration.
            ArgumentException argument => (ExitCodes.Failed, WithoutParameterName(argument)),
            OptionsValidationException => (ExitCodes.Failed, $"configuration: {exception.Message}"),

            // A mistyped configuration value: the binder names the key and the type.
            InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
                => (ExitCodes.Failed, $"configuration: {Chain(exception)}"),

            // A broken appsettings.json: the file, then where in it (line and position) from the parser.
            InvalidDataException when exception.InnerException is JsonException or FormatException
                => (ExitCodes.Failed, $"configuration: {Chain(exception)}{JsonLocation(exception)}"),
            OperationCanceledException => (ExitCodes.Failed, "the request was cancelled"),
            _ => (ExitCodes.Failed, Chain(exception)),
        };
    }

    /// <summary>Where a JSON parser stopped, counted from 1 as editors do (the parser counts from 0).</summary>
    private static string JsonLocation(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is JsonException { LineNumber: { } line } json)
            {
                return $" (line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1})";
            }
        }

        return "";
    }

    /// <summary>The message without the "(Parameter 'name')" that .NET appends for programmers.</summary>
    public static string WithoutParameterName(ArgumentException exception)
    {
        var suffix = exception.ParamName is null ? null : $" (Parameter '{exception.ParamName}')";
        return suffix is not null && exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception.Message[..^suffix.Length]
            : exception.Message;
    }

    /// <summary>The message, then each inner exception's message that adds something, on one line.</summary>
    private static string Chain(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current is ArgumentException argument ? WithoutParameterName(argument) : current.Message;
            message = message.ReplaceLineEndings(" ").Trim();
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }

            if (current is CatalogStoreException or EmbeddingModelException or InvalidImageException or TimeoutException)
            {
                // The library's own exceptions already say what failed; their causes are driver details (--verbose).
                break;
            }
        }

        return string.Join(": ", parts.Select(p => p.TrimEnd('.'))) + ".";
    }
}
