using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("MultimodalSearch.Postgres.Tests.Infrastructure.PostgresTestFramework", "MultimodalSearch.Postgres.Tests")]

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// xunit's framework, except that the tests of <see cref="RequiresPostgresAttribute"/> classes are reported
/// as skipped when <see cref="PostgresTestServer.SkipReason"/> is set (xunit 2 has no dynamic skip, and the
/// shared behaviour suite's facts cannot carry a skip condition).
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new PostgresTestFrameworkDiscoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
}
