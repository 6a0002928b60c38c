namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// Marks a test class that needs the PostgreSQL server; <see cref="PostgresTestFramework"/> reports its
/// tests as skipped only when <see cref="PostgresTestServer.SkipReason"/> says so.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
