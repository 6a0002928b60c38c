// A consumer application: wires MultimodalSearch from its packages, indexes the demo catalog and asks
// one question offline. Usage: Consumer <model directory> <catalog folder> <store directory>
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch;
using MultimodalSearch.Ingestion;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Consumer MODEL_DIR CATALOG_DIR STORE_DIR");
    return 2;
}

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["MultimodalSearch:Blip2:ModelDirectory"] = args[0],
    ["MultimodalSearch:Embedded:Directory"] = args[2],
}).Build();

var services = new ServiceCollection();
services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx().AddEmbeddedCatalog();
await using var provider = services.BuildServiceProvider(validateScopes: true);

var ingestor = new CatalogIngestor(provider.GetRequiredService<IMultimodalEmbedder>(), provider.GetRequiredService<ICatalogStore>());
var summary = await ingestor.IngestAsync(CatalogSource.Open(args[1]));
Console.WriteLine($"indexed {summary.Indexed}, failed {summary.Failed.Count}, total {summary.Total}");

var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("show me two black t-shirts"));
Console.WriteLine($"categories {string.Join(",", result.Categories)} x {result.Count} ({result.ClassifiedBy})");
foreach (var item in result.Items)
{
    Console.WriteLine($"  {item.Id} {item.Category} {item.Name} {item.Score:F3}");
}

Console.WriteLine(result.Advice);
var ok = summary.Total == 360 && summary.Failed.Count == 0
    && result.Categories.SequenceEqual(["t-shirt"]) && result.Items.Count == 2
    && result.Items.All(i => i.Name.StartsWith("Black", StringComparison.Ordinal));
Console.WriteLine(ok ? "consumer check: ok" : "consumer check: FAILED");
return ok ? 0 : 1;
