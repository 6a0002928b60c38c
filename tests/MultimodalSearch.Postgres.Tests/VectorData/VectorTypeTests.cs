using System.Collections;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;
using Pgvector;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Half vectors (halfvec), bit vectors (bit, Hamming and Jaccard) and sparse vectors (sparsevec): stored, read back and searched.</summary>
[RequiresPostgres]
public sealed class VectorTypeTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task Half_vectors_are_stored_as_halfvec_and_searched_by_their_distance()
    {
        var collection = await fixture.CreateCollectionAsync<int, HalfRecord>();
        await collection.UpsertAsync(
        [
            new() { Key = 1, Memory = Halves(1, 0, 0), Array = Halves(1, 0, 0).ToArray(), Embedding = new(Halves(1, 0, 0)) },
            new() { Key = 2, Memory = Halves(0, 1, 0), Array = Halves(0, 1, 0).ToArray(), Embedding = new(Halves(0, 1, 0)) },
        ]);

        var read = await collection.GetAsync(2, new() { IncludeVectors = true });
        var byMemory = await collection.SearchAsync(Halves(0, 1, 0.5f), top: 2, new() { VectorProperty = r => r.Memory }).ToListAsync();
        var byArray = await collection.SearchAsync(Halves(1, 0.1f, 0).ToArray(), top: 1, new() { VectorProperty = r => r.Array }).ToListAsync();
        var byEmbedding = await collection.SearchAsync(new Embedding<Half>(Halves(1, 0, 0)), top: 1, new() { VectorProperty = r => r.Embedding }).ToListAsync();

        Assert.Equal(Halves(0, 1, 0).ToArray(), read!.Memory.ToArray());
        Assert.Equal(Halves(0, 1, 0).ToArray(), read.Array);
        Assert.Equal(Halves(0, 1, 0).ToArray(), read.Embedding!.Vector.ToArray());
        Assert.Equal([2, 1], byMemory.Select(r => r.Record.Key));
        Assert.Equal(1, byArray.Single().Record.Key);
        Assert.Equal(1, byEmbedding.Single().Record.Key);
        Assert.Equal("halfvec", await ColumnTypeAsync(collection.Name, "Memory"));
    }

    [Fact]
    public async Task Bit_vectors_are_searched_by_Hamming_and_Jaccard_distance()
    {
        var collection = await fixture.CreateCollectionAsync<int, BitRecord>();
        await collection.UpsertAsync(
        [
            new() { Key = 1, Bits = Bits(1, 1, 0, 0), Binary = new(Bits(1, 1, 0, 0)) },
            new() { Key = 2, Bits = Bits(1, 1, 1, 1), Binary = new(Bits(1, 1, 1, 1)) },
            new() { Key = 3, Bits = Bits(0, 0, 0, 1), Binary = new(Bits(0, 0, 0, 1)) },
        ]);

        var hamming = await collection.SearchAsync(Bits(1, 1, 1, 0), top: 3, new() { VectorProperty = r => r.Bits }).ToListAsync();
        var jaccard = await collection.SearchAsync(new BinaryEmbedding(Bits(0, 0, 1, 1)), top: 3, new() { VectorProperty = r => r.Binary }).ToListAsync();
        var read = await collection.GetAsync(1, new() { IncludeVectors = true });

        // Hamming: 1 and 2 differ from 1110 in one bit, 3 in four. Jaccard from 0011: 3 shares 1 of 2 set bits, 2 shares 2 of 4, 1 none.
        Assert.Equal([(1, 1.0), (2, 1.0), (3, 4.0)], hamming.Select(r => (r.Record.Key, r.Score!.Value)));
        Assert.Equal([(2, 0.5), (3, 0.5), (1, 1.0)], jaccard.Select(r => (r.Record.Key, Math.Round(r.Score!.Value, 6))));
        Assert.Equal(Bits(1, 1, 0, 0), read!.Bits);
        Assert.Equal(Bits(1, 1, 0, 0), read.Binary!.Vector);
        Assert.Equal("bit", await ColumnTypeAsync(collection.Name, "Bits"));
    }

    [Fact]
    public async Task Sparse_vectors_are_stored_as_sparsevec_and_searched()
    {
        var collection = await fixture.CreateCollectionAsync<int, SparseRecord>();
        await collection.UpsertAsync(
        [
            new() { Key = 1, Vector = new SparseVector(new Dictionary<int, float> { [0] = 1, [999] = 2 }, 1000) },
            new() { Key = 2, Vector = new SparseVector(new Dictionary<int, float> { [5] = 3 }, 1000) },
        ]);

        var hits = await collection.SearchAsync(new SparseVector(new Dictionary<int, float> { [999] = 1 }, 1000), top: 2).ToListAsync();
        var read = await collection.GetAsync(1, new() { IncludeVectors = true });

        Assert.Equal([1, 2], hits.Select(r => r.Record.Key));
        Assert.Equal([0, 999], read!.Vector!.Indices.ToArray());
        Assert.Equal([1f, 2f], read.Vector.Values.ToArray());
        Assert.Equal("sparsevec", await ColumnTypeAsync(collection.Name, "Vector"));
    }

    [Fact]
    public async Task A_vector_of_the_wrong_width_or_kind_throws_ArgumentException()
    {
        var collection = await fixture.CreateCollectionAsync<int, BitRecord>();

        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new BitRecord { Key = 1, Bits = Bits(1, 0), Binary = new(Bits(1, 0, 0, 0)) }));
        await Assert.ThrowsAsync<ArgumentException>(() => collection.SearchAsync(new[] { 1f, 0, 0, 0 }, top: 1, new() { VectorProperty = r => r.Bits }).ToListAsync().AsTask());
    }

    [Theory]
    [InlineData(typeof(ReadOnlyMemory<float>), DistanceFunction.HammingDistance)]
    [InlineData(typeof(ReadOnlyMemory<Half>), PgVectorDistanceFunction.JaccardDistance)]
    [InlineData(typeof(BitArray), DistanceFunction.CosineDistance)]
    [InlineData(typeof(SparseVector), DistanceFunction.ManhattanDistance)]
    public void A_distance_pgvector_lacks_for_the_vector_type_is_refused_when_the_collection_is_made(Type vectorType, string function)
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(int)), new VectorStoreVectorProperty("Vector", vectorType, 4) { DistanceFunction = function }],
        };

        var error = Assert.Throws<NotSupportedException>(() => fixture.Store.GetDynamicCollection(fixture.NewName(), definition));

        Assert.Contains(function, error.Message, StringComparison.Ordinal);
    }

    private static ReadOnlyMemory<Half> Halves(params float[] values) => values.Select(v => (Half)v).ToArray();

    private static BitArray Bits(params int[] bits) => new(bits.Select(b => b == 1).ToArray());

    private async Task<string> ColumnTypeAsync(string table, string column)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3");
        command.Parameters.Add(new() { Value = fixture.Database.Schema });
        command.Parameters.Add(new() { Value = table });
        command.Parameters.Add(new() { Value = column });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Half vectors in each of their three CLR forms.</summary>
    public sealed class HalfRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreVector(3, DistanceFunction = DistanceFunction.CosineDistance)]
        public ReadOnlyMemory<Half> Memory { get; set; }

        [VectorStoreVector(3, DistanceFunction = DistanceFunction.EuclideanDistance)]
        public Half[]? Array { get; set; }

        [VectorStoreVector(3, DistanceFunction = DistanceFunction.DotProductSimilarity, IndexKind = IndexKind.Flat)]
        public Embedding<Half>? Embedding { get; set; }
    }

    /// <summary>Bit vectors: Hamming by default, and Jaccard.</summary>
    public sealed class BitRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreVector(4)]
        public BitArray? Bits { get; set; }

        [VectorStoreVector(4, DistanceFunction = PgVectorDistanceFunction.JaccardDistance)]
        public BinaryEmbedding? Binary { get; set; }
    }

    /// <summary>A sparse vector of 1000 dimensions.</summary>
    public sealed class SparseRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreVector(1000, DistanceFunction = DistanceFunction.DotProductSimilarity)]
        public SparseVector? Vector { get; set; }
    }
}
