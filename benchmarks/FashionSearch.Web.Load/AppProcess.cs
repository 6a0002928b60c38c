using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FashionSearch.Web.Load;

/// <summary>The web app started as its own process on a free 127.0.0.1 port, so that its resident memory is its own.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Gets the app's address.</summary>
    public Uri Address { get; }

    /// <summary>Starts the app and waits until it is ready.</summary>
    /// <param name="appDll">The app's FashionSearch.Web.dll.</param>
    /// <param name="storeDirectory">Its embedded store directory.</param>
    /// <returns>The running app.</returns>
    public static async Task<AppProcess> StartAsync(string appDll, string storeDirectory)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appDll, "--urls", address.ToString().TrimEnd('/') },
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["MultimodalSearch__Embedded__Directory"] = storeDirectory,
                ["FashionSearchWeb__RateLimit__PermitsPerMinute"] = "100000000",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__FashionSearch.Web.Hosting.CatalogStartup"] = "Information",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the app.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("  app: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("  app: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, address);
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await app.DisposeAsync();
                throw new TimeoutException("The app did not become ready within 3 minutes.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Reads the app's resident memory (VmRSS) in MiB.</summary>
    /// <returns>The resident set size.</returns>
    public double ResidentMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>Gets the CPU time the app has used so far.</summary>
    /// <returns>User + system time.</returns>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Stops the app (SIGTERM, a graceful shutdown) and waits for it.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
