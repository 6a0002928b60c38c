using System.Text.Json.Serialization;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>Source-generated JSON for item metadata (a jsonb object of strings).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class PgVectorJsonContext : JsonSerializerContext;
