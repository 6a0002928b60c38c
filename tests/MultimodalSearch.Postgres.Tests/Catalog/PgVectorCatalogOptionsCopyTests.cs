using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>The store keeps its own copy of the options: every setting must reach it.</summary>
public sealed class PgVectorCatalogOptionsCopyTests
{
    [Fact]
    public void The_store_s_copy_of_the_options_carries_every_setting()
    {
        // A setting left out of the copy silently takes its default in the store (MaxRescoreRounds once did).
        var options = new PgVectorCatalogOptions();
        foreach (var property in typeof(PgVectorCatalogOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(options, Changed(property.PropertyType, property.GetValue(options)));
        }

        var copy = PgVectorCatalogStore.Copy(options);

        Assert.All(
            typeof(PgVectorCatalogOptions).GetProperties().Where(p => p.CanWrite),
            property => Assert.True(Equals(property.GetValue(options), property.GetValue(copy)), $"{property.Name} is not copied."));
    }

    private static object Changed(Type type, object? value) => type switch
    {
        _ when type == typeof(int) => (int)value! + 7,
        _ when type == typeof(int?) => ((int?)value ?? 0) + 7,
        _ when type == typeof(bool) => !(bool)value!,
        _ when type == typeof(string) => (string?)value + "x",
        _ when type == typeof(TimeSpan) => (TimeSpan)value! + TimeSpan.FromSeconds(7),
        _ when type.IsEnum => Enum.GetValues(type).Cast<object>().First(v => !v.Equals(value)),
        _ => throw new InvalidOperationException($"Teach this test to change a {type.Name} setting."),
    };
}
