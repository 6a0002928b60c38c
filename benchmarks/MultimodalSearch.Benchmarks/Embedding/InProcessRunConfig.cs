using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// A short job in process: the model loads once per suite, and no generated project is built next to the benchmark
/// assembly, where a concurrent build of the solution would delete it halfway through a run. Ten iterations rather
/// than the short job's three, and the median beside the mean, because the machines these run on are often shared.
/// </summary>
internal sealed class InProcessRunConfig : ManualConfig
{
    public InProcessRunConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(10));
        AddColumn(StatisticColumn.Median);
    }
}
