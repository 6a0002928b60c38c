using System.Reflection;
using System.Runtime.InteropServices;

namespace FashionSearch.Console.Bench;

/// <summary>The machine a run was measured on, so that figures are never quoted without it.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, double MemoryGiB, string Os, string Runtime, string Build, string OnnxExecutionProvider)
{
    public static MachineInfo Describe(string executionProvider) => new(
        CpuModel(),
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        typeof(MachineInfo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown",
        executionProvider);

    public override string ToString() => $"{Cpu}, {LogicalCores} logical cores, {MemoryGiB} GiB, {Os}, {Runtime} ({Build} build), ONNX Runtime on {OnnxExecutionProvider}";

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line?.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
