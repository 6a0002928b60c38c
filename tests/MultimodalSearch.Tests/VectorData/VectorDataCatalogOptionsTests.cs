using MultimodalSearch.VectorData;

namespace MultimodalSearch.Tests.VectorData;

/// <summary>Option checks of the VectorData catalog: each problem is reported with the setting's configuration key.</summary>
public sealed class VectorDataCatalogOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(VectorDataCatalogOptionsValidator.GetErrors(new VectorDataCatalogOptions()));
    }

    [Theory]
    [InlineData(nameof(VectorDataCatalogOptions.CollectionName))]
    [InlineData(nameof(VectorDataCatalogOptions.Dimensions))]
    [InlineData(nameof(VectorDataCatalogOptions.DistanceFunction))]
    [InlineData(nameof(VectorDataCatalogOptions.IndexKind))]
    [InlineData(nameof(VectorDataCatalogOptions.CandidateMultiplier))]
    [InlineData(nameof(VectorDataCatalogOptions.MinImageCandidates))]
    [InlineData(nameof(VectorDataCatalogOptions.PageSize))]
    public void Each_invalid_setting_is_named_in_the_error(string setting)
    {
        var options = new VectorDataCatalogOptions();
        switch (setting)
        {
            case nameof(VectorDataCatalogOptions.CollectionName): options.CollectionName = " "; break;
            case nameof(VectorDataCatalogOptions.Dimensions): options.Dimensions = 0; break;
            case nameof(VectorDataCatalogOptions.DistanceFunction): options.DistanceFunction = "ManhattanDistance"; break;
            case nameof(VectorDataCatalogOptions.IndexKind): options.IndexKind = ""; break;
            case nameof(VectorDataCatalogOptions.CandidateMultiplier): options.CandidateMultiplier = 0; break;
            case nameof(VectorDataCatalogOptions.MinImageCandidates): options.MinImageCandidates = -1; break;
            default: options.PageSize = 0; break;
        }

        var error = Assert.Single(VectorDataCatalogOptionsValidator.GetErrors(options));

        Assert.StartsWith("MultimodalSearch:VectorData:" + setting, error, StringComparison.Ordinal);
        Assert.Contains(setting, Assert.Throws<ArgumentException>(() => VectorDataCatalogStore.CreateDefinition(options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_a_null_store()
    {
        Assert.Throws<ArgumentNullException>(() => VectorDataCatalogStore.Create((Microsoft.Extensions.VectorData.VectorStore)null!));
    }
}
