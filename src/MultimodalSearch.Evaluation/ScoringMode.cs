using System.Globalization;

namespace MultimodalSearch.Evaluation;

/// <summary>A way of ranking results that an evaluation compares: a method and, for photo + text queries, the weights of the two parts.</summary>
/// <param name="Name">The name shown in reports (<c>max</c>, <c>mean</c>, <c>fused t2:i1</c>).</param>
/// <param name="Method">How results are ranked.</param>
/// <param name="TextWeight">The weight of the text score in a photo + text query.</param>
/// <param name="ImageWeight">The weight of the photo score in a photo + text query.</param>
public sealed record ScoringMode(string Name, ScoringMethod Method, float TextWeight = 1f, float ImageWeight = 1f)
{
    /// <summary>Gets the store's default search: BLIP-2's max over query vectors, text and photo weighted 1:1.</summary>
    public static ScoringMode Max { get; } = new("max", ScoringMethod.Store);

    /// <summary>Gets one mean-pooled vector per item, text and photo weighted 1:1.</summary>
    public static ScoringMode Mean { get; } = new("mean", ScoringMethod.MeanPooled);

    /// <summary>Gets the text of a photo + text query alone, the photo left out: a baseline for composed queries.</summary>
    public static ScoringMode TextOnly { get; } = new("text only", ScoringMethod.Store, 1f, 0f);

    /// <summary>Gets the photo of a photo + text query alone, the text left out: a baseline for composed queries.</summary>
    public static ScoringMode PhotoOnly { get; } = new("photo only", ScoringMethod.Store, 0f, 1f);

    /// <summary>Gets the workflow's composed search of a photo and a message (<see cref="ScoringMethod.Workflow"/>).</summary>
    public static ScoringMode Composed { get; } = new("composed", ScoringMethod.Workflow);

    /// <summary>Gets whether the mode only changes photo + text queries (its weights are not 1:1), so that other kinds skip it.</summary>
    public bool IsFused => TextWeight != ImageWeight;

    /// <summary>Creates the store's search with other weights for photo + text queries, named <c>fused tT:iI</c>.</summary>
    /// <param name="textWeight">The weight of the text score.</param>
    /// <param name="imageWeight">The weight of the photo score.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite, or both are zero.</exception>
    public static ScoringMode Fused(float textWeight, float imageWeight)
    {
        if (!float.IsFinite(textWeight) || !float.IsFinite(imageWeight) || textWeight < 0 || imageWeight < 0 || textWeight + imageWeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(textWeight), $"Weights must be finite, 0 or more, and not both 0; got text {textWeight}, image {imageWeight}.");
        }

        return new(string.Create(CultureInfo.InvariantCulture, $"fused t{textWeight:0.##}:i{imageWeight:0.##}"), ScoringMethod.Store, textWeight, imageWeight);
    }

    /// <summary>Gets whether the mode is evaluated for queries of <paramref name="kind"/>.</summary>
    /// <param name="kind">The query kind.</param>
    /// <returns>True unless the mode is fused or composed and the query has only one part.</returns>
    public bool AppliesTo(QueryKind kind) => (!IsFused && Method != ScoringMethod.Workflow) || kind == QueryKind.PhotoAndText;
}
