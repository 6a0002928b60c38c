namespace MultimodalSearch.Evaluation;

/// <summary>Options of <see cref="SearchEvaluator.EvaluateAsync(IReadOnlyList{JudgedQuery}, EvaluationOptions?, CancellationToken)"/>.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Gets or sets the cut-off k of precision@k, recall@k and nDCG@k (default 10).</summary>
    public int K { get; set; } = 10;

    /// <summary>Gets or sets how many results are retrieved per query (default 100): the depth of the reciprocal rank. At least <see cref="K"/>.</summary>
    public int Depth { get; set; } = 100;

    /// <summary>Gets or sets how many queries run at once (default: the number of processors).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets the scoring modes to compare (default: <see cref="ScoringMode.Max"/>, <see cref="ScoringMode.Mean"/>, fused
    /// weights text:image 1:2, 2:1 and 4:1 for photo + text queries, and for those the single-modality baselines
    /// <see cref="ScoringMode.TextOnly"/> and <see cref="ScoringMode.PhotoOnly"/> and the workflow's <see cref="ScoringMode.Composed"/> search).
    /// </summary>
    public IList<ScoringMode> Modes { get; } =
        [ScoringMode.Max, ScoringMode.Mean, ScoringMode.Fused(1, 2), ScoringMode.Fused(2, 1), ScoringMode.Fused(4, 1), ScoringMode.TextOnly, ScoringMode.PhotoOnly, ScoringMode.Composed];

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">K or the parallelism is not positive, the depth is below K, no mode is given, or two modes share a name.</exception>
    public void Validate()
    {
        if (K <= 0 || Depth < K || MaxDegreeOfParallelism <= 0)
        {
            throw new ArgumentException($"K and MaxDegreeOfParallelism must be positive and Depth at least K; got K {K}, Depth {Depth}, MaxDegreeOfParallelism {MaxDegreeOfParallelism}.");
        }

        if (Modes.Count == 0)
        {
            throw new ArgumentException("At least one scoring mode is needed.");
        }

        var duplicate = Modes.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two scoring modes are named '{duplicate.Key}'.");
        }
    }
}
