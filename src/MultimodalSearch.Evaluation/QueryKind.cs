namespace MultimodalSearch.Evaluation;

/// <summary>What a judged query searches with.</summary>
public enum QueryKind
{
    /// <summary>Words only.</summary>
    Text = 0,

    /// <summary>A photo only.</summary>
    Photo = 1,

    /// <summary>A photo and words together (a fused query).</summary>
    PhotoAndText = 2,
}
