namespace FashionSearch.Console.Cli;

/// <summary>The exit codes of the CLI contract.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A request failed (or, for <c>index</c>, some items failed).</summary>
    public const int Failed = 1;

    public const int BadUsage = 2;
}
