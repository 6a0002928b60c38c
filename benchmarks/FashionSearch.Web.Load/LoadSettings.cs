using System.Globalization;

namespace FashionSearch.Web.Load;

/// <summary>The command line: <c>[--clients N] [--seconds S] [--rounds N] [--baseline-seconds S] [--warm-up-seconds S] [--app DLL] [--mix both|text|photo] [--out FILE]</c>: a sustained HTTP run of S seconds, then N rounds of HTTP and in process, each baseline-seconds long.</summary>
internal sealed record LoadSettings(int Clients, TimeSpan Duration, TimeSpan BaselineDuration, int Rounds, TimeSpan WarmUp, string? AppDll, string? Output, string Mix = "both")
{
    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The settings.</returns>
    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings(16, TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(15), 4, TimeSpan.FromSeconds(10), null, null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--clients" => settings with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--baseline-seconds" => settings with { BaselineDuration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rounds" => settings with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warm-up-seconds" => settings with { WarmUp = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--app" => settings with { AppDll = value },
                "--mix" => settings with { Mix = value },
                "--out" => settings with { Output = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return settings;
    }

    /// <summary>Finds the repository root (the folder with MultimodalSearch.sln) above the tool.</summary>
    /// <returns>The root.</returns>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultimodalSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find MultimodalSearch.sln above " + AppContext.BaseDirectory);
    }
}
