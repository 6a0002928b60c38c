using MultimodalSearch.Testing;

namespace FashionSearch.Web.Tests;

/// <summary>One app, its demo catalog indexed once, shared by every test of the <see cref="WebAppCollection"/>.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public WebAppFactory Factory { get; } = new();

    /// <summary>Gets the demo catalog's rows by id: id, articleType, baseColour, pattern, productDisplayName, image.</summary>
    public IReadOnlyDictionary<string, string[]> Styles { get; } = File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv"))
        .Skip(1)
        .Select(line => line.Split(','))
        .ToDictionary(cells => cells[0]);

    public Task InitializeAsync() => Factory.StartAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public HttpClient Client() => Factory.Client();

    /// <summary>Gets the path of a demo product's image.</summary>
    public string ImagePath(string id) => Path.Combine(TestPaths.DemoCatalog, Styles[id][5]);

    /// <summary>Gets a demo product's category.</summary>
    public string Category(string id) => Styles[id][1];

    /// <summary>Gets a demo product's colour.</summary>
    public string Colour(string id) => Styles[id][2];
}
