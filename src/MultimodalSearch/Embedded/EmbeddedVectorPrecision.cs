using System.Diagnostics.CodeAnalysis;

namespace MultimodalSearch.Embedded;

/// <summary>How the embedded store keeps vectors, in memory and on disk.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are named after the IEEE formats users configure.")]
public enum EmbeddedVectorPrecision
{
    /// <summary>32-bit floats: exact, 4 bytes a value.</summary>
    Float32 = 0,

    /// <summary>
    /// 16-bit floats (IEEE half precision): half the memory and disk, about 3 significant digits
    /// (a relative error of at most 2^-11 per value). Scores are computed exactly on the stored values.
    /// </summary>
    Float16 = 1,
}
