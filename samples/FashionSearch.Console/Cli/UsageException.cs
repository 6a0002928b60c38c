namespace FashionSearch.Console.Cli;

/// <summary>The command line is wrong in a way the parser cannot see (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
