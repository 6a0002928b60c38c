using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.VectorData;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the pgvector <see cref="PgVectorStore"/> and its collections as Microsoft.Extensions.VectorData services,
/// in the shape of the other VectorData connectors: <c>Add...</c> and <c>AddKeyed...</c>, a data source from the
/// container or a connection string, a lifetime (singleton by default).
/// </summary>
/// <remarks>
/// Each registration adds the concrete type and its abstractions (<see cref="VectorStore"/>; or
/// <see cref="VectorStoreCollection{TKey, TRecord}"/>, <see cref="IVectorSearchable{TRecord}"/> and
/// <see cref="IKeywordHybridSearchable{TRecord}"/>), so that several stores can be registered side by side. A
/// store or collection made from a connection string has its own data source (with <c>UseVector()</c>), which it
/// disposes; one made from the container's <see cref="NpgsqlDataSource"/> leaves it to the container (build that
/// data source with <c>UseVector()</c>). The container's <see cref="IEmbeddingGenerator"/>, if any, is used when the
/// options name none; its <see cref="ILoggerFactory"/>, if any, receives the logs. Nothing connects at registration
/// or resolution: the first database call does. To read the connection string from the <c>ConnectionStrings</c>
/// section, pass <c>sp =&gt; sp.GetRequiredService&lt;IConfiguration&gt;().GetConnectionString("name")</c> as the provider.
/// </remarks>
public static class PgVectorStoreServiceCollectionExtensions
{
    private const string DynamicCodeMessage = "Maps the record type by reflection; use GetDynamicCollection for trimmed or NativeAOT applications.";

    /// <summary>Registers a <see cref="PgVectorStore"/> over the container's <see cref="NpgsqlDataSource"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddPgVectorStore(this IServiceCollection services, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton) =>
        AddKeyedPgVectorStore(services, serviceKey: null, options, lifetime);

    /// <summary>
    /// Registers a keyed <see cref="PgVectorStore"/> over the container's <see cref="NpgsqlDataSource"/> with the same key,
    /// or else its unkeyed one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddKeyedPgVectorStore(this IServiceCollection services, object? serviceKey, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Add(new ServiceDescriptor(
            typeof(PgVectorStore),
            serviceKey,
            (sp, key) => new PgVectorStore(ResolveDataSource(sp, key), WithEmbeddingGenerator(sp, options), sp.GetService<ILoggerFactory>()),
            lifetime));
        AddStoreAbstraction(services, serviceKey, lifetime);
        return services;
    }

    /// <summary>Registers a <see cref="PgVectorStore"/> with its own data source over <paramref name="connectionString"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static IServiceCollection AddPgVectorStore(this IServiceCollection services, string connectionString, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton) =>
        AddKeyedPgVectorStore(services, serviceKey: null, connectionString, options, lifetime);

    /// <summary>Registers a keyed <see cref="PgVectorStore"/> with its own data source over <paramref name="connectionString"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static IServiceCollection AddKeyedPgVectorStore(this IServiceCollection services, object? serviceKey, string connectionString, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return AddKeyedPgVectorStore(services, serviceKey, _ => connectionString, _ => options, lifetime);
    }

    /// <summary>Registers a <see cref="PgVectorStore"/> with its own data source over the connection string that <paramref name="connectionStringProvider"/> gives.</summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionStringProvider">Gives the connection string when the store is first resolved.</param>
    /// <param name="optionsProvider">Gives the store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connectionStringProvider"/> is null.</exception>
    public static IServiceCollection AddPgVectorStore(
        this IServiceCollection services,
        Func<IServiceProvider, string> connectionStringProvider,
        Func<IServiceProvider, PgVectorStoreOptions?>? optionsProvider = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton) =>
        AddKeyedPgVectorStore(services, serviceKey: null, connectionStringProvider, optionsProvider, lifetime);

    /// <summary>Registers a keyed <see cref="PgVectorStore"/> with its own data source over the connection string that <paramref name="connectionStringProvider"/> gives.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="connectionStringProvider">Gives the connection string when the store is first resolved.</param>
    /// <param name="optionsProvider">Gives the store's options, or null for the defaults.</param>
    /// <param name="lifetime">The store's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connectionStringProvider"/> is null.</exception>
    public static IServiceCollection AddKeyedPgVectorStore(
        this IServiceCollection services,
        object? serviceKey,
        Func<IServiceProvider, string> connectionStringProvider,
        Func<IServiceProvider, PgVectorStoreOptions?>? optionsProvider = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionStringProvider);
        services.Add(new ServiceDescriptor(
            typeof(PgVectorStore),
            serviceKey,
            (sp, _) => PgVectorStore.Create(connectionStringProvider(sp), WithEmbeddingGenerator(sp, optionsProvider?.Invoke(sp)), sp.GetService<ILoggerFactory>()),
            lifetime));
        AddStoreAbstraction(services, serviceKey, lifetime);
        return services;
    }

    /// <summary>Registers the collection <paramref name="name"/> of a <see cref="PgVectorStore"/> over the container's <see cref="NpgsqlDataSource"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="options">The store's options (schema, search settings, embedding generator), or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default); at most the data source's.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddPgVectorCollection<TKey, TRecord>(this IServiceCollection services, string name, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class =>
        AddKeyedPgVectorCollection<TKey, TRecord>(services, serviceKey: null, name, options, lifetime);

    /// <summary>
    /// Registers the keyed collection <paramref name="name"/> of a <see cref="PgVectorStore"/> over the container's
    /// <see cref="NpgsqlDataSource"/> with the same key, or else its unkeyed one.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="options">The store's options (schema, search settings, embedding generator), or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default); at most the data source's.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddKeyedPgVectorCollection<TKey, TRecord>(this IServiceCollection services, object? serviceKey, string name, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.Add(new ServiceDescriptor(
            typeof(PgVectorCollection<TKey, TRecord>),
            serviceKey,
            (sp, key) => (PgVectorCollection<TKey, TRecord>)new PgVectorStore(ResolveDataSource(sp, key), WithEmbeddingGenerator(sp, options), sp.GetService<ILoggerFactory>())
                .GetCollection<TKey, TRecord>(name),
            lifetime));
        AddCollectionAbstractions<TKey, TRecord>(services, serviceKey, lifetime);
        return services;
    }

    /// <summary>Registers the collection <paramref name="name"/> of a <see cref="PgVectorStore"/> with its own data source over <paramref name="connectionString"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddPgVectorCollection<TKey, TRecord>(this IServiceCollection services, string name, string connectionString, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class =>
        AddKeyedPgVectorCollection<TKey, TRecord>(services, serviceKey: null, name, connectionString, options, lifetime);

    /// <summary>Registers the keyed collection <paramref name="name"/> of a <see cref="PgVectorStore"/> with its own data source over <paramref name="connectionString"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The store's options, or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddKeyedPgVectorCollection<TKey, TRecord>(this IServiceCollection services, object? serviceKey, string name, string connectionString, PgVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return AddKeyedPgVectorCollection<TKey, TRecord>(services, serviceKey, name, _ => connectionString, _ => options, lifetime);
    }

    /// <summary>Registers the collection <paramref name="name"/> of a <see cref="PgVectorStore"/> with its own data source over the connection string that <paramref name="connectionStringProvider"/> gives.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="connectionStringProvider">Gives the connection string when the collection is first resolved.</param>
    /// <param name="optionsProvider">Gives the store's options, or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="connectionStringProvider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddPgVectorCollection<TKey, TRecord>(
        this IServiceCollection services,
        string name,
        Func<IServiceProvider, string> connectionStringProvider,
        Func<IServiceProvider, PgVectorStoreOptions?>? optionsProvider = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class =>
        AddKeyedPgVectorCollection<TKey, TRecord>(services, serviceKey: null, name, connectionStringProvider, optionsProvider, lifetime);

    /// <summary>Registers the keyed collection <paramref name="name"/> of a <see cref="PgVectorStore"/> with its own data source over the connection string that <paramref name="connectionStringProvider"/> gives.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type, mapped by its MEVD attributes.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for an unkeyed registration.</param>
    /// <param name="name">The collection's name.</param>
    /// <param name="connectionStringProvider">Gives the connection string when the collection is first resolved.</param>
    /// <param name="optionsProvider">Gives the store's options, or null for the defaults.</param>
    /// <param name="lifetime">The collection's lifetime (singleton by default).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="connectionStringProvider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    [RequiresDynamicCode(DynamicCodeMessage)]
    [RequiresUnreferencedCode(DynamicCodeMessage)]
    public static IServiceCollection AddKeyedPgVectorCollection<TKey, TRecord>(
        this IServiceCollection services,
        object? serviceKey,
        string name,
        Func<IServiceProvider, string> connectionStringProvider,
        Func<IServiceProvider, PgVectorStoreOptions?>? optionsProvider = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connectionStringProvider);
        services.Add(new ServiceDescriptor(
            typeof(PgVectorCollection<TKey, TRecord>),
            serviceKey,
            (sp, _) =>
            {
                var store = PgVectorStore.Create(connectionStringProvider(sp), WithEmbeddingGenerator(sp, optionsProvider?.Invoke(sp)), sp.GetService<ILoggerFactory>());
                try
                {
                    // The collection is all the container sees: it disposes the store, and so the data source.
                    return ((PgVectorCollection<TKey, TRecord>)store.GetCollection<TKey, TRecord>(name)).Owning(store);
                }
                catch
                {
                    store.Dispose();
                    throw;
                }
            },
            lifetime));
        AddCollectionAbstractions<TKey, TRecord>(services, serviceKey, lifetime);
        return services;
    }

    private static NpgsqlDataSource ResolveDataSource(IServiceProvider services, object? serviceKey) =>
        (serviceKey is null ? null : services.GetKeyedService<NpgsqlDataSource>(serviceKey)) ?? services.GetRequiredService<NpgsqlDataSource>();

    private static PgVectorStoreOptions? WithEmbeddingGenerator(IServiceProvider services, PgVectorStoreOptions? options)
    {
        if (options?.EmbeddingGenerator is not null || services.GetService<IEmbeddingGenerator>() is not { } generator)
        {
            return options;
        }

        // A copy: the caller's options stay as they were.
        options ??= new();
        return new PgVectorStoreOptions
        {
            Schema = options.Schema,
            FullTextSearchConfiguration = options.FullTextSearchConfiguration,
            EfSearch = options.EfSearch,
            ExactSearchThreshold = options.ExactSearchThreshold,
            EmbeddingGenerator = generator,
        };
    }

    private static void AddStoreAbstraction(IServiceCollection services, object? serviceKey, ServiceLifetime lifetime) =>
        services.Add(new ServiceDescriptor(typeof(VectorStore), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<PgVectorStore>(key), lifetime));

    private static void AddCollectionAbstractions<TKey, TRecord>(IServiceCollection services, object? serviceKey, ServiceLifetime lifetime)
        where TKey : notnull
        where TRecord : class
    {
        services.Add(new ServiceDescriptor(typeof(VectorStoreCollection<TKey, TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<PgVectorCollection<TKey, TRecord>>(key), lifetime));
        services.Add(new ServiceDescriptor(typeof(IVectorSearchable<TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<PgVectorCollection<TKey, TRecord>>(key), lifetime));
        services.Add(new ServiceDescriptor(typeof(IKeywordHybridSearchable<TRecord>), serviceKey, static (sp, key) => sp.GetRequiredKeyedService<PgVectorCollection<TKey, TRecord>>(key), lifetime));
    }
}
