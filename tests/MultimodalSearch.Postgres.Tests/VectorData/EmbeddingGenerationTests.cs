using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Vector properties generated from text by an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, on upsert and on search.</summary>
[RequiresPostgres]
public sealed class EmbeddingGenerationTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task Text_vector_properties_are_embedded_on_upsert_and_search_values_on_search()
    {
        using var store = new PgVectorStore(fixture.DataSource, new PgVectorStoreOptions { Schema = fixture.Database.Schema, EmbeddingGenerator = new LetterCountGenerator() });
        var collection = store.GetCollection<int, TextVectorRecord>(fixture.NewName("generated"));
        await collection.EnsureCollectionExistsAsync();

        await collection.UpsertAsync([new() { Key = 1, Body = "aaaa" }, new() { Key = 2, Body = "bbbb" }, new() { Key = 3, Body = "ccab" }]);
        var results = await collection.SearchAsync("bbb", top: 3).ToListAsync();

        Assert.Equal([2, 3, 1], results.Select(r => r.Record.Key));
        Assert.Equal(1, results[0].Score!.Value, 1e-6);
        var includeVectors = await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(1, new() { IncludeVectors = true }));
        Assert.StartsWith("When an embedding generator is configured", includeVectors.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_value_that_is_no_vector_without_a_generator_throws_MEVDs_message()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => collection.SearchAsync("text", top: 1).ToListAsync().AsTask());

        Assert.StartsWith("A value of type 'string' was passed to 'SearchAsync'", error.Message, StringComparison.Ordinal);
    }

    public sealed class TextVectorRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreVector(3, DistanceFunction = DistanceFunction.CosineSimilarity)]
        public string Body { get; set; } = "";
    }

    /// <summary>Embeds a text as its counts of a, b and c: a real, deterministic generator that needs no model.</summary>
    internal sealed class LetterCountGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(new[] { Count(v, 'a'), Count(v, 'b'), Count(v, 'c') }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static float Count(string text, char letter) => text.Count(c => c == letter);
    }
}
