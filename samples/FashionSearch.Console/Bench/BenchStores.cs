using FashionSearch.Console.Cli;
using FashionSearch.Console.Eval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Embedded;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;

namespace FashionSearch.Console.Bench;

/// <summary>
/// The stores <c>bench</c> times: always an embedded store, and Postgres when <c>--store postgres:...</c> is given
/// or <c>MultimodalSearch:Postgres:ConnectionString</c> is configured. The store named by <c>--store</c> is filled
/// with the demo catalog when empty; the other store, when empty, gets a copy of it (a temporary folder for the
/// embedded one, deleted afterwards).
/// </summary>
internal sealed class BenchStores : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private string? _temporaryDirectory;

    private BenchStores()
    {
    }

    public ICatalogStore Primary { get; private set; } = null!;

    public string PrimaryName { get; private set; } = "";

    public ICatalogStore Embedded { get; private set; } = null!;

    public string EmbeddedName { get; private set; } = "";

    public int EmbeddedBytesPerValue { get; private set; } = sizeof(float);

    public ICatalogStore? Postgres { get; private set; }

    /// <summary>Gets the options of the Postgres store (connection string included), or null without one.</summary>
    public PgVectorCatalogOptions? PostgresOptions { get; private set; }

    /// <summary>Gets why there is no Postgres store, or null when there is one.</summary>
    public string? PostgresSkipReason { get; private set; }

    public static async Task<BenchStores> OpenAsync(CliHost host, CancellationToken cancellationToken)
    {
        var stores = new BenchStores { Primary = host.CatalogStore, PrimaryName = host.Store.ToString() };
        try
        {
            await BundledCatalogIndexer.EnsureIndexedAsync(host, host.CatalogStore, stores.PrimaryName, cancellationToken).ConfigureAwait(false);
            var postgres = host.Configuration.GetSection("MultimodalSearch:Postgres").Get<PgVectorCatalogOptions>() ?? new PgVectorCatalogOptions();
            if (host.Store.Kind == StoreKind.Postgres)
            {
                postgres.ConnectionString = host.Store.Value;
                stores.Postgres = host.CatalogStore;
                stores.PostgresOptions = postgres;
                await stores.OpenTemporaryEmbeddedAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stores.Embedded = host.CatalogStore;
                stores.EmbeddedName = stores.PrimaryName;
                var precision = host.Services.GetRequiredService<IOptions<EmbeddedCatalogStoreOptions>>().Value.VectorPrecision;
                stores.EmbeddedBytesPerValue = precision == EmbeddedVectorPrecision.Float16 ? 2 : sizeof(float);
                if (string.IsNullOrWhiteSpace(postgres.ConnectionString))
                {
                    stores.PostgresSkipReason = "no PostgreSQL configured: pass --store postgres:<connection string> or set MultimodalSearch:Postgres:ConnectionString";
                }
                else
                {
                    var store = PgVectorCatalogStore.Create(postgres, host.LoggerFactory);
                    stores._owned.Add(store);
                    stores.Postgres = store;
                    stores.PostgresOptions = postgres;
                    await FillAsync(host.CatalogStore, store, cancellationToken).ConfigureAwait(false);
                }
            }

            return stores;
        }
        catch
        {
            await stores.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        if (_temporaryDirectory is not null)
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }

    private async Task OpenTemporaryEmbeddedAsync(CancellationToken cancellationToken)
    {
        _temporaryDirectory = Directory.CreateTempSubdirectory("fashion-search-bench-").FullName;
        var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _temporaryDirectory }, cancellationToken: cancellationToken).ConfigureAwait(false);
        _owned.Add(store);
        Embedded = store;
        EmbeddedName = "embedded:(temporary copy)";
        await FillAsync(Primary, store, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FillAsync(ICatalogStore from, ICatalogStore to, CancellationToken cancellationToken)
    {
        if (await to.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            await CatalogCopy.CopyAsync(from, to, cancellationToken).ConfigureAwait(false);
        }
    }
}
