using System.Diagnostics;
using System.Globalization;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// Runs tests/MultimodalSearch.Tests.CrashHost as a child process that commits the crash workload until
/// it is killed, and tracks the last commit it acknowledged.
/// </summary>
internal sealed class CrashHostProcess : IDisposable
{
    private static readonly Lazy<string> HostPath = new(LocateOrBuildHost);
    private readonly Process _process;
    private readonly System.Text.StringBuilder _errors = new();
    private int _lastCommitted = -1;

    private CrashHostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the last commit the child reported as returned (durable), or -1.</summary>
    public int LastCommitted => Volatile.Read(ref _lastCommitted);

    /// <summary>Gets whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets what the child wrote to stderr.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static CrashHostProcess Start(string directory, EmbeddedVectorPrecision precision)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(HostPath.Value);
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(precision.ToString());
        var process = new Process { StartInfo = start };
        var host = new CrashHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (host._errors)
            {
                host._errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Kills the child at once (SIGKILL on Unix): no cleanup code of its own runs.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited; the test reports that through HasExited and Errors.
        }

        _process.WaitForExit();
    }

    public void Dispose() => _process.Dispose();

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    private static string LocateOrBuildHost()
    {
        // The host is built in the same configuration as this test assembly (…/bin/<Configuration>/<tfm>/).
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var project = Path.Combine(TestPaths.RepositoryRoot, "tests", "MultimodalSearch.Tests.CrashHost");
        var host = Path.Combine(project, "bin", configuration, framework, "MultimodalSearch.Tests.CrashHost.dll");
        var library = Path.Combine(AppContext.BaseDirectory, "MultimodalSearch.dll");
        var hostLibrary = Path.Combine(Path.GetDirectoryName(host)!, "MultimodalSearch.dll");
        if (!File.Exists(host) || !File.Exists(hostLibrary) || File.GetLastWriteTimeUtc(hostLibrary) < File.GetLastWriteTimeUtc(library))
        {
            // Missing or built against an older store: a stale host would test old code.
            Build(project, configuration);
        }

        return host;
    }

    private static void Build(string project, string configuration)
    {
        var build = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["build", project, "-c", configuration, "--nologo", "-v", "q"])
        {
            build.ArgumentList.Add(argument);
        }

        using var process = Process.Start(build)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the crash host failed:\n{output.Result}\n{errors.Result}");
        }
    }

    private void OnOutput(string? line)
    {
        const string prefix = "committed ";
        if (line is not null && line.StartsWith(prefix, StringComparison.Ordinal))
        {
            Volatile.Write(ref _lastCommitted, int.Parse(line.AsSpan(prefix.Length), CultureInfo.InvariantCulture));
        }
    }
}
