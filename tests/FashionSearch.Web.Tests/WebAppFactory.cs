using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FashionSearch.Web.Tests;

/// <summary>
/// The web app as <c>Program</c> builds it, on a real Kestrel port on 127.0.0.1, with its embedded store in a temporary
/// folder and no language model (a key in the environment must not send tests to Google).
/// </summary>
public class WebAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fashion-search-web-tests-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public WebAppFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["MultimodalSearch:Embedded:Directory"] = Path.Combine(_folder, "store"),
            ["FashionSearchWeb:RateLimit:PermitsPerMinute"] = "100000",
            ["FashionSearchWeb:Telemetry:Exporter"] = "none",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Gets the address the app listens on (after <see cref="StartAsync"/>).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the server and waits until <c>/health/ready</c> says the catalog is indexed and the model warm.</summary>
    public async Task StartAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        using var http = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var response = await http.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The app did not become ready: " + await response.Content.ReadAsStringAsync());
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Creates a client of the real port.</summary>
    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.RemoveAll<IChatClient>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
