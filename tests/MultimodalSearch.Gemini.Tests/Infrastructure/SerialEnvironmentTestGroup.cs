namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>Tests that change process-wide environment variables run in this group, alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialEnvironmentTestGroup
{
    public const string Name = "Serial environment";
}
