using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MultimodalSearch.Benchmarks.Imaging;

/// <summary>
/// Two jobs: wall time (the default, out of process) and, on Linux, the thread CPU time of the same
/// operations in process, which stays meaningful when other processes compete for the cores.
/// </summary>
internal sealed class ImagingBenchmarkConfig : ManualConfig
{
    public ImagingBenchmarkConfig()
    {
        AddJob(Job.Default.WithId("WallTime"));
        var cpu = new ThreadCpuClock();
        if (cpu.IsAvailable)
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithClock(cpu).WithId("ThreadCpuTime"));
        }
    }
}
