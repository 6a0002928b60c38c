using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Without arguments every suite runs (see README.md); the PostgreSQL suites only when a server is named, since
// they cannot run without one. A suite that sets no job of its own runs BenchmarkDotNet's short job, so a whole
// run takes minutes, not hours; pass --job (or other BenchmarkDotNet options) to change that.
var postgres = new[] { "MULTIMODALSEARCH_BENCH_POSTGRES", "MULTIMODALSEARCH_TEST_POSTGRES" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));
var suites = typeof(Program).Assembly.GetTypes()
    .Where(t => t is { IsPublic: true, IsAbstract: false } && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute))))
    .Where(t => postgres || t.Namespace != "MultimodalSearch.Benchmarks.Postgres")
    .OrderBy(t => t.FullName, StringComparer.Ordinal)
    .ToArray();
if (!postgres)
{
    Console.WriteLine("// The PostgreSQL suites are left out: set MULTIMODALSEARCH_BENCH_POSTGRES to a PostgreSQL + pgvector connection string to run them.");
}

BenchmarkSwitcher.FromTypes(suites).Run(args.Length == 0 ? ["--filter", "*"] : args, DefaultConfig.Instance.AddJob(Job.ShortRun.AsDefault()));
