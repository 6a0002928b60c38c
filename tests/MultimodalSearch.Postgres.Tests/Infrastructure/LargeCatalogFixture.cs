using System.Diagnostics;
using MultimodalSearch.Benchmarks.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// One large catalog for the recall tests, loaded once: <see cref="ItemCount"/> clustered items of
/// 32 x 256 over six categories, plus a rare category (<see cref="RareCount"/> items) and a scarce one
/// (<see cref="ScarceCount"/> items, fewer than k).
/// </summary>
public sealed class LargeCatalogFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The number of items in the six regular categories.</summary>
    public const int ItemCount = 20_000;

    /// <summary>The items of the rare category: far fewer than an iterative index scan can reach.</summary>
    public const int RareCount = 12;

    /// <summary>The items of the scarce category: fewer than k.</summary>
    public const int ScarceCount = 3;

    /// <summary>The rare category.</summary>
    public const string Rare = "rare";

    /// <summary>The scarce category.</summary>
    public const string Scarce = "scarce";

    private readonly PostgresSchemaFixture _database = new();

    /// <summary>Gets the generator of the items and of the query texts.</summary>
    public ClusteredCatalog Generator { get; } = new(seed: 7);

    /// <summary>Gets every item in the store.</summary>
    public IReadOnlyList<CatalogItem> Items { get; private set; } = [];

    /// <summary>Gets the loaded store.</summary>
    public PgVectorCatalogStore Store { get; private set; } = null!;

    /// <summary>Gets the data source of the test server.</summary>
    public PostgresSchemaFixture Database => _database;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var clock = Stopwatch.StartNew();
        var items = new List<CatalogItem>(ItemCount + RareCount + ScarceCount);
        items.AddRange(Generator.Items(0, ItemCount));
        items.AddRange(Generator.Items(ItemCount, RareCount, Rare));
        items.AddRange(Generator.Items(ItemCount + RareCount, ScarceCount, Scarce));
        Items = items;
        var generated = clock.Elapsed;
        Store = _database.CreateStore();
        await Store.UpsertAsync(items);
        diagnostics.OnMessage(new DiagnosticMessage(
            $"Large catalog: generated {items.Count} items in {generated.TotalSeconds:F1} s, loaded and indexed in {(clock.Elapsed - generated).TotalSeconds:F1} s."));
    }

    /// <inheritdoc />
    public Task DisposeAsync() => _database.DisposeAsync();
}
