using Microsoft.Extensions.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>A record with one property of each supported kind, for filter and type tests.</summary>
public sealed class FilterRecord
{
    [VectorStoreKey]
    public int Key { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public int Number { get; set; }

    [VectorStoreData]
    public long Big { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string? Text { get; set; }

    [VectorStoreData]
    public bool Flag { get; set; }

    [VectorStoreData]
    public int? MaybeNumber { get; set; }

    [VectorStoreData]
    public double Amount { get; set; }

    [VectorStoreData]
    public DateTimeOffset When { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string?[] Tags { get; set; } = [];

    [VectorStoreVector(3, DistanceFunction = DistanceFunction.CosineDistance)]
    public ReadOnlyMemory<float>? Vector { get; set; }

    /// <summary>Gets the five records the filter tests run over: nulls, a negative, a tag list with null, and SQL in a value.</summary>
    public static FilterRecord[] Seed { get; } =
    [
        new() { Key = 1, Number = 8, Big = 10, Text = "foo", Flag = true, MaybeNumber = 8, Amount = 1.5, When = At(1), Tags = ["x", "y"], Vector = new[] { 1f, 0, 0 } },
        new() { Key = 2, Number = 9, Big = 20, Text = "bar", Flag = false, MaybeNumber = null, Amount = -2.5, When = At(2), Tags = ["a", "b"], Vector = new[] { 0f, 1, 0 } },
        new() { Key = 3, Number = 9, Big = 30, Text = null, Flag = true, MaybeNumber = 9, Amount = 0, When = At(3), Tags = ["x", null], Vector = new[] { 0f, 0, 1 } },
        new() { Key = 4, Number = 10, Big = 40, Text = "foo' OR 1=1 --", Flag = false, MaybeNumber = 10, Amount = 3, When = At(4), Tags = [], Vector = new[] { 1f, 1, 0 } },
        new() { Key = 5, Number = -1, Big = 50, Text = "%", Flag = true, MaybeNumber = null, Amount = 4, When = At(5), Tags = ["y"], Vector = new[] { 0f, 1, 1 } },
    ];

    /// <summary>Gets day <paramref name="day"/> of January 2025 at noon UTC (timestamptz stores UTC values only).</summary>
    /// <param name="day">The day.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset At(int day) => new(2025, 1, day, 12, 0, 0, TimeSpan.Zero);
}
