namespace FashionSearch.Console.Cli;

/// <summary>The exit codes of the CLI contract.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A request failed (or, for <c>index</c>, some items failed).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown option, a bad value, a path that does not exist or is the wrong kind.</summary>
    public const int BadUsage = 2;

    /// <summary>Interrupted (Ctrl+C, SIGINT, SIGTERM): 128 + SIGINT, the shell convention.</summary>
    public const int Cancelled = 130;
}
