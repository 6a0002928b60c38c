using MultimodalSearch.Testing.Catalog;
using MultimodalSearch.VectorData;

namespace MultimodalSearch.Tests.VectorData;

/// <summary>The catalog's record layout: derived keys, and items split into records and rebuilt from them.</summary>
public sealed class CatalogRecordsTests
{
    [Fact]
    public void Keys_are_stable_distinct_per_id_and_query_index_and_RFC_9562_version_8()
    {
        var keys = new[] { "a", "b", "A", "a ", "靴", "" }
            .SelectMany(id => Enumerable.Range(0, 32).Select(q => (Guid)CatalogRecords.KeyOf(id, q, stringKeys: false)))
            .ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(CatalogRecords.KeyOf("a", 3, false), CatalogRecords.KeyOf("a", 3, false));
        Assert.All(keys, key => Assert.Equal(8, key.Version));
        Assert.All(keys, key => Assert.Equal(0b10, key.Variant >> 2));
    }

    [Fact]
    public void String_keys_are_the_32_hex_digits_of_the_Guid_keys()
    {
        var guid = (Guid)CatalogRecords.KeyOf("item-1", 7, stringKeys: false);

        Assert.Equal(guid.ToString("N"), CatalogRecords.KeyOf("item-1", 7, stringKeys: true));
    }

    [Fact]
    public void An_item_splits_into_one_record_per_query_vector_and_rebuilds_exactly_from_them_in_any_order()
    {
        var item = CatalogItems.Create("item-1", "shoes", seed: 5) with
        {
            Metadata = new Dictionary<string, string> { ["colour"] = "black", ["ünï\"cødé"] = "値 'quoted'", ["empty"] = "" },
            ContentHash = null,
        };

        var records = CatalogRecords.ToRecords(item, stringKeys: false).ToList();
        var rebuilt = CatalogRecords.ToItem([.. records.AsEnumerable().Reverse()], item.Embedding.Dimensions);

        Assert.Equal(item.Embedding.QueryCount, records.Count);
        Assert.Equal(Enumerable.Range(0, 32), records.Select(r => (int)r[CatalogRecords.QueryIndex]!));
        Assert.All(records, r => Assert.Equal("shoes", r[CatalogRecords.Category]));
        Assert.NotNull(rebuilt);
        Assert.Equal(item.Id, rebuilt.Id);
        Assert.Equal(item.Name, rebuilt.Name);
        Assert.Equal(item.ImageLocation, rebuilt.ImageLocation);
        Assert.Null(rebuilt.ContentHash);
        Assert.Equal(item.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), rebuilt.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(item.Embedding.Vectors.ToArray(), rebuilt.Embedding.Vectors.ToArray());
    }

    [Fact]
    public void An_item_with_missing_records_rebuilds_to_null()
    {
        var records = CatalogRecords.ToRecords(CatalogItems.Create("x", "shoes", seed: 6), stringKeys: true).Take(31).ToList();

        Assert.Null(CatalogRecords.ToItem(records, 256));
    }

    [Fact]
    public void A_record_with_a_duplicated_query_index_is_reported_as_invalid_data()
    {
        var records = CatalogRecords.ToRecords(CatalogItems.Create("x", "shoes", seed: 7), stringKeys: false).ToList();
        records[1][CatalogRecords.QueryIndex] = 0;

        Assert.Throws<InvalidDataException>(() => CatalogRecords.ToItem(records, 256));
    }

    [Fact]
    public void The_definition_declares_the_indexed_fields_and_the_vector_as_the_options_say()
    {
        var definition = VectorDataCatalogStore.CreateDefinition(new VectorDataCatalogOptions { Dimensions = 64, StringKeys = true, IndexKind = "Flat" });

        var key = Assert.Single(definition.Properties.OfType<Microsoft.Extensions.VectorData.VectorStoreKeyProperty>());
        var vector = Assert.Single(definition.Properties.OfType<Microsoft.Extensions.VectorData.VectorStoreVectorProperty>());
        var indexed = definition.Properties.OfType<Microsoft.Extensions.VectorData.VectorStoreDataProperty>().Where(p => p.IsIndexed).Select(p => p.Name);
        Assert.Equal(typeof(string), key.Type);
        Assert.Equal(64, vector.Dimensions);
        Assert.Equal("Flat", vector.IndexKind);
        Assert.Equal("DotProductSimilarity", vector.DistanceFunction);
        Assert.Equal([CatalogRecords.ItemId, CatalogRecords.QueryIndex, CatalogRecords.Category], indexed);
    }
}
