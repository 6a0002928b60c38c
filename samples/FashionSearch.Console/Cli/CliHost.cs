using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalSearch;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Blip2;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.VectorData;

namespace FashionSearch.Console.Cli;

/// <summary>
/// The services a command uses, built the way an application would: configuration from appsettings.json
/// (next to the tool and in the working directory), environment variables (<c>MultimodalSearch__...</c>)
/// and the command line, then <c>AddMultimodalFashionSearch</c> with the BLIP-2 embedder and the store
/// that <c>--store</c> names.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="parse">The parsed command line.</param>
    /// <param name="console">Where the command writes.</param>
    /// <param name="indexes">
    /// Whether the command indexes images: its defaults then favour throughput (see <see cref="IngestionDefaults"/>).
    /// </param>
    /// <param name="readOnly">
    /// Whether the command only reads the catalog: an embedded store is then opened read-only (no lock, nothing
    /// written), so that it works on a read-only folder and beside a running index.
    /// </param>
    public CliHost(ParseResult parse, CliConsole console, bool indexes = false, bool readOnly = false)
    {
        Console = console;
        Json = parse.GetValue(CommonOptions.Json);
        var model = parse.GetValue(CommonOptions.Model);
        var configuration = BuildConfiguration(model, indexes);
        Configuration = configuration;
        Store = StoreSpec.Resolve(parse.GetValue(CommonOptions.Store), configuration);
        var verbose = parse.GetValue(CommonOptions.Verbose);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders()
                .AddConfiguration(configuration.GetSection("Logging"))
                .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning)
                .AddProvider(new CliLoggerProvider(console.Error, verbose));
            if (!verbose)
            {
                // Each bad file is reported once, in the command's summary; the ingestor's warning per file is a detail.
                logging.AddFilter<CliLoggerProvider>(typeof(CatalogIngestor).FullName, LogLevel.Error);

                // A store's retries and the driver's details: the command's error line says what failed.
                logging.AddFilter<CliLoggerProvider>("MultimodalSearch.Postgres", LogLevel.Error);
            }
        });
        var builder = services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx().AddGeminiIfConfigured();
        switch (Store.Kind)
        {
            case StoreKind.Postgres:
                builder.AddPgVectorCatalog(o => o.ConnectionString = Store.Value);
                break;
            case StoreKind.VectorDataPostgres:
                var storeOptions = configuration.GetSection("MultimodalSearch:VectorData:Postgres").Get<PgVectorStoreOptions>() ?? new PgVectorStoreOptions();
                services.AddSingleton<VectorStore>(sp => PgVectorStore.Create(Store.Value, storeOptions, sp.GetService<ILoggerFactory>()));
                builder.AddVectorDataCatalog();
                break;
            default:
                builder.AddEmbeddedCatalog(o =>
                {
                    o.Directory = Store.Value;
                    o.ReadOnly = readOnly;
                });
                break;
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public CliConsole Console { get; }

    public IConfiguration Configuration { get; }

    public bool Json { get; }

    public StoreSpec Store { get; }

    public IServiceProvider Services => _services;

    public ILoggerFactory LoggerFactory => _services.GetRequiredService<ILoggerFactory>();

    public Blip2Embedder Embedder => _services.GetRequiredService<Blip2Embedder>();

    public ICatalogStore CatalogStore => _services.GetRequiredService<ICatalogStore>();

    public FashionSearchWorkflow Workflow => _services.GetRequiredService<FashionSearchWorkflow>();

    /// <summary>
    /// Creates an ingestor for <paramref name="store"/> with the options of <c>MultimodalSearch:Ingestion</c>
    /// changed by <paramref name="configure"/>; the ingestor validates them, naming each key at fault.
    /// </summary>
    public CatalogIngestor CreateIngestor(ICatalogStore store, Action<IngestionOptions>? configure = null)
    {
        var options = Configuration.GetSection("MultimodalSearch:Ingestion").Get<IngestionOptions>() ?? new IngestionOptions();
        configure?.Invoke(options);
        return new CatalogIngestor(Embedder, store, options, _services.GetRequiredService<ILogger<CatalogIngestor>>());
    }

    /// <summary>
    /// Fails with bad usage when the catalog a read (search, ask, eval with queries) needs is missing or empty, before
    /// anything opens it: a read never creates an embedded store as a side effect.
    /// </summary>
    public async Task EnsureCatalogAsync(CancellationToken cancellationToken)
    {
        if (Store.Kind == StoreKind.Embedded && !Directory.Exists(Store.Value))
        {
            throw new UsageException($"There is no catalog in {Store}: run 'fashion-search index FOLDER' (or 'fashion-search demo') first, or pass --store.");
        }

        // An empty folder is an empty catalog; reads open embedded stores read-only, which needs a catalog to open.
        if (Store.Kind == StoreKind.Embedded && !Directory.EnumerateFileSystemEntries(Store.Value).Any())
        {
            throw new UsageException($"The catalog in {Store} is empty: run 'fashion-search index FOLDER' (or 'fashion-search demo') first.");
        }

        if (await CatalogStore.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new UsageException($"The catalog in {Store} is empty: run 'fashion-search index FOLDER' (or 'fashion-search demo') first.");
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static IConfigurationRoot BuildConfiguration(string? model, bool indexes)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["MultimodalSearch:Blip2:ModelDirectory"] = model,
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(indexes ? IngestionDefaults.ForThroughput(Environment.ProcessorCount) : [])
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides.Where(o => o.Value is not null))
            .Build();
        if (string.IsNullOrEmpty(configuration["MultimodalSearch:Blip2:ModelDirectory"]))
        {
            configuration["MultimodalSearch:Blip2:ModelDirectory"] = BundledModel.Directory;
        }

        return configuration;
    }
}
