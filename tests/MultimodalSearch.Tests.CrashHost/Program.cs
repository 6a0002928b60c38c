using System.Globalization;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

// Usage: MultimodalSearch.Tests.CrashHost <directory> <Float32|Float16>
// Resumes the crash workload from the commit the store holds and commits until killed, printing
// "committed N" after each commit returns (that is, once it is durable).
if (args.Length != 2 || !Enum.TryParse<EmbeddedVectorPrecision>(args[1], out var precision))
{
    await Console.Error.WriteLineAsync("usage: MultimodalSearch.Tests.CrashHost <directory> <Float32|Float16>");
    return 2;
}

await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = args[0], VectorPrecision = precision });
var tolerance = precision == EmbeddedVectorPrecision.Float16 ? 1e-3f : 0f;
var commit = await CrashWorkload.IdentifyCommitAsync(store, tolerance);
Console.Out.WriteLine("resumed " + commit.ToString(CultureInfo.InvariantCulture));
while (true)
{
    commit++;
    if (CrashWorkload.IsDelete(commit))
    {
        await store.DeleteAsync(CrashWorkload.Deletes(commit));
    }
    else
    {
        await store.UpsertAsync(CrashWorkload.Upserts(commit));
    }

    Console.Out.WriteLine("committed " + commit.ToString(CultureInfo.InvariantCulture));
    if (commit % 17 == 0)
    {
        await store.CompactAsync();
    }
}
