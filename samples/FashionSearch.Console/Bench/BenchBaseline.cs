namespace FashionSearch.Console.Bench;

/// <summary>What a figure is compared with.</summary>
/// <param name="What">The baseline, in words.</param>
/// <param name="Value">Its value, in the figure's unit.</param>
/// <param name="Measured">True when measured in this run; false for a figure quoted from elsewhere.</param>
internal sealed record BenchBaseline(string What, double Value, bool Measured = true);
