using System.Globalization;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own (tools/postgres/pg.sh in a temporary directory), which the
/// test may stop, restart or freeze without touching the server the other tests share.
/// </summary>
public sealed class PrivatePostgresCluster : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgresCluster(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the connection string of the cluster's test database.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the cluster's directory (its data directory is <c>data</c> under it).</summary>
    public string Directory => _directory;

    /// <summary>Starts a new cluster in a new temporary directory.</summary>
    /// <param name="prefix">The temporary directory's name prefix.</param>
    /// <returns>The running cluster.</returns>
    public static async Task<PrivatePostgresCluster> StartAsync(string prefix)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var connectionString = (await PgAsync("start", directory)).Trim();
        return new PrivatePostgresCluster(directory, connectionString);
    }

    /// <summary>Stops the server (fast shutdown); its data stays.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public Task StopAsync() => PgAsync("stop", _directory);

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    /// <returns>A task that completes when it accepts connections.</returns>
    public Task ResumeAsync() => PgAsync("resume", _directory);

    /// <summary>Stops every process of the server with SIGSTOP (the postmaster first, so that it starts no new backend): its sockets stay open and nothing answers.</summary>
    /// <returns>A task that completes when the signals are sent.</returns>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets the frozen processes run again (SIGCONT).</summary>
    /// <returns>A task that completes when the signals are sent.</returns>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>Stops the server and deletes its directory.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await ThawAsync();
        await StopAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private async Task SignalAsync(string signal)
    {
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var postmaster = int.Parse((await File.ReadAllLinesAsync(pidFile))[0], CultureInfo.InvariantCulture);
        var children = string.Join(' ', ChildrenOf(postmaster).Select(pid => pid.ToString(CultureInfo.InvariantCulture)));

        // The postmaster must get the signal; a backend may end between the listing and the signal (its client
        // disconnected, or the postmaster thawed first let it finish), which is no failure.
        await ExternalCommand.RunAsync(
            "bash",
            "-c",
            $"kill -{signal} {postmaster.ToString(CultureInfo.InvariantCulture)} && for pid in {children}; do kill -{signal} \"$pid\" 2>/dev/null || true; done");
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(entry, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid ...: the command may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }

    private static Task<string> PgAsync(string command, string directory) => ExternalCommand.RunAsync("bash", PostgresTestServer.Script, command, directory);
}
