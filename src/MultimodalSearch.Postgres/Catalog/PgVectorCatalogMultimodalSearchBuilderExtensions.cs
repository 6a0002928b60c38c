using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PostgreSQL + pgvector catalog store to a MultimodalSearch setup.</summary>
public static class PgVectorCatalogMultimodalSearchBuilderExtensions
{
    /// <summary>The service key of the <see cref="NpgsqlDataSource"/> (with <c>UseVector()</c>) that the store uses.</summary>
    public const string DataSourceKey = "MultimodalSearch.Postgres";

    /// <summary>
    /// Adds a PostgreSQL + pgvector store as the catalog. Options come from the <c>MultimodalSearch:Postgres</c>
    /// section, then <paramref name="configure"/>; they are validated at startup. Like every <c>Add...</c> method,
    /// the last store added is the one used.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Changes the options after configuration is bound, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="OptionsValidationException">Thrown when the store is first resolved (or at host start) if the options are invalid, for example without a connection string.</exception>
    public static MultimodalSearchBuilder AddPgVectorCatalog(this MultimodalSearchBuilder builder, Action<PgVectorCatalogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PgVectorCatalogOptions>()
            .Bind(builder.Configuration.GetSection(PgVectorCatalogOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PgVectorCatalogOptions>, PgVectorCatalogOptionsValidator>());

        // Keyed, so that an application's own NpgsqlDataSource (perhaps without UseVector) is left alone.
        builder.Services.TryAddKeyedSingleton(DataSourceKey, static (services, _) =>
        {
            var settings = services.GetRequiredService<IOptions<PgVectorCatalogOptions>>().Value;
            return PostgresDataSources.Create(settings.ConnectionString, services.GetService<ILoggerFactory>(), nameof(PgVectorCatalogOptions.ConnectionString), settings.CommandTimeout);
        });
        builder.Services.TryAddSingleton(static services => PgVectorCatalogStore.Create(
            services.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            services.GetRequiredService<IOptions<PgVectorCatalogOptions>>().Value,
            services.GetService<ILoggerFactory>()));
        builder.Services.AddSingleton<ICatalogStore>(static services => services.GetRequiredService<PgVectorCatalogStore>());
        return builder;
    }
}
