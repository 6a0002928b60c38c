using System.Globalization;
using System.Text.RegularExpressions;

namespace MultimodalSearch.Postgres;

/// <summary>Reads a PostgreSQL memory setting (such as <c>2GB</c>) as the server does, so that a bad value is refused before any work starts.</summary>
internal static partial class PostgresMemorySize
{
    /// <summary>The least <c>maintenance_work_mem</c> the server takes, in kilobytes (1 MB).</summary>
    public const long MinMaintenanceKilobytes = 1024;

    /// <summary>The most <c>maintenance_work_mem</c> the server takes, in kilobytes (just under 2 TB).</summary>
    public const long MaxMaintenanceKilobytes = int.MaxValue;

    /// <summary>Reads <paramref name="value"/> in kilobytes: digits, then optionally one of PostgreSQL's units (B, kB, MB, GB, TB; case-sensitive, as the server wants); no unit means kilobytes.</summary>
    /// <param name="value">The setting.</param>
    /// <param name="kilobytes">The size in kilobytes (bytes rounded up).</param>
    /// <returns>True when the value is a memory size the server would read.</returns>
    public static bool TryParseKilobytes(string value, out long kilobytes)
    {
        kilobytes = 0;
        var match = Size().Match(value);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > int.MaxValue)
        {
            return false;
        }

        kilobytes = match.Groups[2].Value switch
        {
            "B" => (number + 1023) / 1024,
            "MB" => number * 1024,
            "GB" => number * 1024 * 1024,
            "TB" => number * 1024 * 1024 * 1024,
            _ => number,
        };
        return true;
    }

    [GeneratedRegex(@"^\s*([0-9]+)\s*(B|kB|MB|GB|TB)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Size();
}
