using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;
using Xunit.Abstractions;

namespace MultimodalSearch.Tests.Embedded;

public sealed class EmbeddedCatalogStoreCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 30;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32)]
    [InlineData(EmbeddedVectorPrecision.Float16)]
    public async Task Killing_a_writer_in_the_middle_of_commits_always_leaves_a_committed_state(EmbeddedVectorPrecision precision)
    {
        // Float16 values come back rounded: |error| <= 2^-11 relative, under 1e-3 for unit vectors.
        var tolerance = precision == EmbeddedVectorPrecision.Float16 ? 1e-3f : 0f;
        var random = new Random(20261127 + (int)precision);
        var acknowledged = 0;
        var tornTails = 0;
        for (var round = 0; round < Rounds; round++)
        {
            using (var child = CrashHostProcess.Start(_directory.Path, precision))
            {
                // Let it commit a few batches past where it resumed, then kill it at a random moment.
                var waitFor = acknowledged + random.Next(1, 4);
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (child.LastCommitted < waitFor && !child.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1);
                }

                await Task.Delay(random.Next(0, 25));
                Assert.False(child.HasExited, "The crash host exited by itself: " + child.Errors);
                child.Kill();
                acknowledged = Math.Max(acknowledged, child.LastCommitted);
            }

            var logger = new RecordingLogger();
            await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision }, logger);
            var commit = await CrashWorkload.IdentifyCommitAsync(store, tolerance);

            // Durability: a commit that returned is never lost (a no-op delete leaves the same state as the one before it).
            Assert.True(
                commit >= acknowledged || SameState(commit, acknowledged),
                $"Round {round}: the store is at commit {commit}, but commit {acknowledged} had returned.");
            acknowledged = commit;
            tornTails += logger.Messages.Count(m => m.Contains("uncommitted bytes", StringComparison.Ordinal));
        }

        output.WriteLine($"{Rounds} kills, {acknowledged} commits, {tornTails} kills interrupted an append.");

        // The kills must really land inside appends for this test to prove anything.
        Assert.True(tornTails > 0, $"None of the {Rounds} kills interrupted an append.");
        Assert.True(acknowledged > Rounds, $"Only {acknowledged} commits in {Rounds} rounds.");
    }

    private static bool SameState(int a, int b)
    {
        var left = CrashWorkload.StateAfter(a);
        var right = CrashWorkload.StateAfter(b);
        return left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var commit) && commit == pair.Value);
    }
}
