using System.Numerics.Tensors;
using MultimodalSearch.Embedded;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// The shared suite against the embedded store with float16 vectors: values come back rounded to float16
/// (|error| &lt;= 2^-11 relative, under 1e-3 for unit vectors), and scores are exact on the rounded values.
/// </summary>
public sealed class EmbeddedCatalogStoreFloat16BehaviourTests : EmbeddedCatalogStoreBehaviourTests
{
    protected override EmbeddedVectorPrecision Precision => EmbeddedVectorPrecision.Float16;

    protected override float VectorTolerance => 1e-3f;

    protected override float[] AsStored(ReadOnlyMemory<float> vectors)
    {
        var halves = new Half[vectors.Length];
        TensorPrimitives.ConvertToHalf(vectors.Span, halves);
        var rounded = new float[vectors.Length];
        TensorPrimitives.ConvertToSingle(halves, rounded);
        return rounded;
    }
}
