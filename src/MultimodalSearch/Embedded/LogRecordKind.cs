namespace MultimodalSearch.Embedded;

/// <summary>The kinds of record in the catalog log.</summary>
internal enum LogRecordKind : byte
{
    /// <summary>Items with their vectors, added or replacing earlier ones.</summary>
    Upsert = 1,

    /// <summary>Ids of items deleted.</summary>
    Delete = 2,
}
