using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

[Collection(Blip2Collection.Name)]
public sealed class Blip2EmbedderTests(Blip2EmbedderFixture models)
{
    private const int PixelsPerImage = 3 * 224 * 224;

    // Tolerances from the acceptance criteria: the ONNX graphs match PyTorch to ~1.2e-7, so 1e-4 leaves room
    // only for float summation order, not for a wrong preprocessing or pooling step.
    private const float EmbeddingTolerance = 1e-4f;

    [Fact]
    public void Model_info_reports_32_query_vectors_of_256_dimensions_and_128_tokens()
    {
        Assert.Equal(256, models.Tiny.Model.Dimensions);
        Assert.Equal(32, models.Tiny.Model.QueryCount);
        Assert.Equal(128, models.Tiny.Model.MaxTextTokens);
        Assert.Equal("CPU", models.Tiny.ExecutionProvider);
    }

    [Fact]
    public async Task Image_embeddings_from_the_reference_pixel_values_match_the_reference()
    {
        var reference = TinyReference.Instance;

        var embeddings = await models.Tiny.EmbedPixelValuesAsync(reference.PixelValues, reference.Images.Length);

        Assert.Equal(reference.Images.Length, embeddings.Count);
        for (var i = 0; i < embeddings.Count; i++)
        {
            Assert.Equal(32, embeddings[i].QueryCount);
            AssertClose(reference.ImageEmbeds[i], embeddings[i].Vectors.Span, EmbeddingTolerance, reference.Images[i]);
        }
    }

    [Fact]
    public async Task Image_embeddings_from_the_image_files_have_cosine_at_least_0_999_per_query_vector()
    {
        var reference = TinyReference.Instance;
        var inputs = Enumerable.Range(0, reference.Images.Length).Select(i => ImageInput.FromFile(reference.ImagePath(i))).ToList();

        var embeddings = await models.Tiny.EmbedImagesAsync(inputs);

        for (var i = 0; i < embeddings.Count; i++)
        {
            for (var q = 0; q < 32; q++)
            {
                var expected = reference.ImageEmbeds[i].AsSpan(q * 256, 256);
                var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(expected, embeddings[i].GetQuery(q).Span);
                Assert.True(cosine >= 0.999f, $"{reference.Images[i]} query {q}: cosine {cosine}");
            }
        }
    }

    [Fact]
    public async Task Text_embeddings_match_the_reference_batched_with_padding()
    {
        var reference = TinyReference.Instance;

        var embeddings = await models.Tiny.EmbedTextsAsync(reference.Texts);

        for (var i = 0; i < embeddings.Count; i++)
        {
            AssertClose(reference.TextEmbedsCls[i], embeddings[i].Vector.Span, EmbeddingTolerance, reference.Texts[i]);
        }
    }

    [Fact]
    public async Task Text_embeddings_match_the_reference_one_by_one()
    {
        var reference = TinyReference.Instance;

        for (var i = 0; i < reference.Texts.Length; i++)
        {
            var embedding = await models.Tiny.EmbedTextAsync(reference.Texts[i]);
            AssertClose(reference.TextEmbedsCls[i], embedding.Vector.Span, EmbeddingTolerance, reference.Texts[i]);
        }
    }

    [Fact]
    public async Task Image_text_scores_equal_the_reference_max_over_queries()
    {
        var reference = TinyReference.Instance;
        var images = await models.Tiny.EmbedPixelValuesAsync(reference.PixelValues, reference.Images.Length);
        var texts = await models.Tiny.EmbedTextsAsync(reference.Texts);

        for (var i = 0; i < images.Count; i++)
        {
            for (var t = 0; t < texts.Count; t++)
            {
                Assert.Equal(reference.ItcMaxOverQueries[i][t], EmbeddingSimilarity.TextToImage(texts[t], images[i]), 1e-4f);
            }
        }
    }

    [Fact]
    public async Task Demo_model_query_embeddings_match_the_reference()
    {
        var reference = DemoReference.Instance;

        var embeddings = await models.Demo.EmbedTextsAsync(reference.Queries);

        for (var i = 0; i < embeddings.Count; i++)
        {
            Assert.Equal(reference.QueryTokenIds[i], models.Demo.Tokenize(reference.Queries[i]));
            AssertClose(reference.QueryTextEmbeds[i], embeddings[i].Vector.Span, EmbeddingTolerance, reference.Queries[i]);
        }
    }

    [Fact]
    public async Task Demo_model_ranks_the_demo_catalog_with_the_reference_top_10_for_every_query()
    {
        var reference = DemoReference.Instance;
        var catalog = DemoCatalogFiles();
        Assert.Equal(reference.CatalogIds, catalog.Select(c => c.Id));
        var images = await models.Demo.EmbedImagesAsync(catalog.Select(c => ImageInput.FromFile(c.Path)).ToList());
        for (var i = 0; i < reference.First6ImageEmbeds.Count; i++)
        {
            // JPEG decoding may differ by a grey level from PIL's; the embeddings still agree closely.
            AssertCosine(reference.First6ImageEmbeds[i], images[i].Vectors.Span, 0.999f, catalog[i].Id);
        }

        var queries = await models.Demo.EmbedTextsAsync(reference.Queries);
        for (var q = 0; q < queries.Count; q++)
        {
            var ranked = catalog.Select((item, i) => (item.Id, Score: EmbeddingSimilarity.TextToImage(queries[q], images[i])))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Id, StringComparer.Ordinal).Take(10).ToList();

            Assert.Equal(reference.Top10Ids[q], ranked.Select(x => x.Id));
            for (var r = 0; r < 10; r++)
            {
                Assert.Equal(reference.Top10Scores[q][r], ranked[r].Score, 1e-3f);
            }
        }
    }

    [Fact]
    public async Task Eight_parallel_callers_get_the_same_vectors_as_sequential_calls()
    {
        var reference = TinyReference.Instance;
        var inputs = Enumerable.Range(0, reference.Images.Length).Select(i => ImageInput.FromFile(reference.ImagePath(i))).ToList();
        var sequentialImages = new List<ImageEmbedding>();
        foreach (var input in inputs)
        {
            sequentialImages.Add(await models.Tiny.EmbedImageAsync(input));
        }

        var sequentialTexts = new List<TextEmbedding>();
        foreach (var text in reference.Texts)
        {
            sequentialTexts.Add(await models.Tiny.EmbedTextAsync(text));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            // Each caller embeds a different rotation of the inputs, in batches of different sizes.
            var order = Enumerable.Range(0, inputs.Count).Select(i => (i + caller) % inputs.Count).ToArray();
            var images = await models.Tiny.EmbedImagesAsync(order.Select(i => inputs[i]).ToList());
            var texts = await models.Tiny.EmbedTextsAsync(reference.Texts.Skip(caller).ToList());
            return (order, images, texts, caller);
        })));

        foreach (var (order, images, texts, caller) in results)
        {
            for (var j = 0; j < order.Length; j++)
            {
                AssertClose(sequentialImages[order[j]].Vectors.ToArray(), images[j].Vectors.Span, 1e-5f, $"caller {caller} image {order[j]}");
            }

            for (var j = 0; j < texts.Count; j++)
            {
                AssertClose(sequentialTexts[caller + j].Vector.ToArray(), texts[j].Vector.Span, 1e-5f, $"caller {caller} text {caller + j}");
            }
        }
    }

    [Fact]
    public async Task Batches_larger_than_the_maximum_batch_size_are_split_and_keep_their_order()
    {
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel, MaxBatchSize = 3 });
        var reference = TinyReference.Instance;

        var texts = await embedder.EmbedTextsAsync(reference.Texts);
        var images = await embedder.EmbedPixelValuesAsync(reference.PixelValues, reference.Images.Length);

        for (var i = 0; i < texts.Count; i++)
        {
            AssertClose(reference.TextEmbedsCls[i], texts[i].Vector.Span, EmbeddingTolerance, reference.Texts[i]);
        }

        for (var i = 0; i < images.Count; i++)
        {
            AssertClose(reference.ImageEmbeds[i], images[i].Vectors.Span, EmbeddingTolerance, reference.Images[i]);
        }
    }

    [Fact]
    public async Task A_prepared_image_of_the_wrong_size_is_rejected_with_the_expected_size()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => models.Tiny.EmbedPreparedImagesAsync([new PreparedImage("small", new float[12])]));

        Assert.Contains("150528", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_token_stops_embedding()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => models.Tiny.EmbedTextsAsync(["a black t-shirt"], cts.Token));
    }

    [Fact]
    public async Task Embeddings_are_l2_normalised()
    {
        var images = await models.Demo.EmbedPixelValuesAsync(TinyReference.Instance.PixelValues.AsMemory(0, PixelsPerImage), 1);

        for (var q = 0; q < images[0].QueryCount; q++)
        {
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(images[0].GetQuery(q).Span), 1e-4f);
        }
    }

    internal static List<(string Id, string Path)> DemoCatalogFiles()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv")).Skip(1);
        return lines.Select(line => line.Split(','))
            .Select(cells => (cells[0], Path.Combine(TestPaths.DemoCatalog, cells[^1])))
            .ToList();
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= tolerance, $"{what}: max abs difference {worst} > {tolerance}");
    }

    private static void AssertCosine(float[] expected, ReadOnlySpan<float> actual, float minimum, string what)
    {
        for (var q = 0; q < expected.Length / 256; q++)
        {
            var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(expected.AsSpan(q * 256, 256), actual.Slice(q * 256, 256));
            Assert.True(cosine >= minimum, $"{what} query {q}: cosine {cosine}");
        }
    }
}
