using System.Numerics.Tensors;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// How the index path ranks a photo's candidates in SQL before it re-scores the best exactly. A photo's query vectors
/// fall into groups (parts of the picture); the exact score (mean of best matches) rewards an item that matches two
/// parts over one that matches one. One pooled vector cannot tell them apart (an item's best row meets the blur of all
/// parts alike), so among many one-part items the few two-part ones were ranked by noise and mostly cut before the
/// exact re-score (photo recall@10 0.910 at 200,000 clustered items). Ranked by the photo's groups, they come first.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorPhotoRankingTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int Dimensions = 64;
    private const int QueryCount = 32;
    private const int Top = 5;

    [Fact]
    public async Task Items_that_match_two_parts_of_the_photo_are_found_among_many_that_match_one()
    {
        var random = new Random(7);
        var concept = UnitRow(random);
        var parts = Enumerable.Range(0, 24).Select(_ => UnitRow(random)).ToArray();

        // The photo shows parts 0, 1 and 2. Five items show two of them; fifty-five show one, with two parts of their own.
        int[][] pairs = [[0, 1], [0, 2], [1, 2], [1, 0], [2, 0]];
        var items = new List<CatalogItem>();
        for (var i = 0; i < 60; i++)
        {
            int[] shown = i < Top ? [pairs[i][0], pairs[i][1], 3 + i] : [i % 3, 8 + (i % 16), 8 + ((i + 5) % 16)];
            items.Add(Item($"item-{i:D2}", Rows(random, concept, parts, shown)));
        }

        var photo = new ImageEmbedding(Rows(random, concept, parts, [0, 1, 2]), QueryCount);

        // Every item is a candidate (800 probe rows > 60 x 8 centroid rows); only the 10 best of the SQL ranking are
        // scored exactly, so what is returned depends on that ranking alone.
        var store = database.CreateStore(o =>
        {
            o.ExactSearchThreshold = 0;
            o.CandidateMultiplier = 40;
            o.MinCandidates = 10;
            o.RescoreMultiplier = 1;
        });
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Image = photo, Top = Top };

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, v => v.ToArray());
        Assert.Equal(Enumerable.Range(0, Top).Select(i => $"item-{i:D2}"), expected.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Score), hits.Select(h => h.Score));
    }

    [Fact]
    public async Task Items_ranked_below_those_re_scored_are_re_scored_too_while_the_rises_seen_say_they_could_reach_the_top()
    {
        // A photo of 8 tight groups of 4 query vectors (axis a_g plus a detail b_gm, all orthonormal): its SQL ranking
        // vectors are the group means g. Three kinds of item:
        // - targets (t-*): the photo's own 32 vectors. Exact score 1; ranking g.q = 0.938 (each mean meets a member).
        // - decoys (d-*): each group's normalised mean, slightly perturbed. Ranking |g| = 0.969, exact score 0.969.
        // - hints (h-*): the normalised means in half the rows and copies of half the photo's vectors in the others.
        //   Ranking 0.969, exact score 0.984: re-scored, they rise 0.016 above their ranking.
        // The SQL ranking puts every target below every decoy; with 10 re-scored (3 hints, 7 decoys) the best exact
        // scores are hints and decoys. The hints' rise says an item ranked below could still reach the top 5.
        var random = new Random(5);
        var photo = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            photo[(q * Dimensions) + (q / 4)] = 1f;
            photo[(q * Dimensions) + 8 + q] = 0.3f;
            Normalize(photo.AsSpan(q * Dimensions, Dimensions));
        }

        var means = new float[8][];
        for (var g = 0; g < 8; g++)
        {
            means[g] = new float[Dimensions];
            for (var m = 0; m < 4; m++)
            {
                TensorPrimitives.Add(means[g], photo.AsSpan(((4 * g) + m) * Dimensions, Dimensions), means[g]);
            }

            Normalize(means[g]);
        }

        var items = new List<CatalogItem>();
        for (var i = 0; i < Top; i++)
        {
            items.Add(Item($"t-{i}", photo.ToArray()));
        }

        for (var i = 0; i < 20; i++)
        {
            items.Add(Item($"d-{i:D2}", Rows(q => Perturbed(random, means[q / 4]))));
        }

        for (var i = 0; i < 3; i++)
        {
            items.Add(Item($"h-{i}", Rows(q => q % 2 == 0 ? means[q / 4] : photo.AsSpan(q * Dimensions, Dimensions).ToArray())));
        }

        var query = new CatalogQuery { Image = new ImageEmbedding(photo, QueryCount), Top = Top };
        void Options(PgVectorCatalogOptions o)
        {
            // Every item is a candidate; the 10 best of the SQL ranking are scored exactly first.
            o.ExactSearchThreshold = 0;
            o.CandidateMultiplier = 100;
            o.MinCandidates = 10;
            o.RescoreMultiplier = 1;
        }

        var widening = database.CreateStore(Options);
        await widening.UpsertAsync(items);
        var once = database.OpenStore(widening.Collection, o =>
        {
            Options(o);
            o.MaxRescoreRounds = 0;
        });
        var expected = CatalogItems.ExpectedHits(items, query, v => v.ToArray());

        var rescoredOnce = await once.SearchAsync(query);
        using var recorder = new SearchPathRecorder(widening);
        var hits = await widening.SearchAsync(query);

        Assert.Equal(Enumerable.Range(0, Top).Select(i => $"t-{i}"), expected.Select(h => h.Id));
        Assert.DoesNotContain(rescoredOnce, h => h.Id.StartsWith("t-", StringComparison.Ordinal));
        Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Score), hits.Select(h => h.Score));
        Assert.Equal("ann", Assert.Single(recorder.Paths));
        Assert.Equal(1, Assert.Single(recorder.RescoreRounds));
    }

    [Fact]
    public async Task A_photo_whose_distinguishing_query_vectors_are_few_finds_the_items_that_share_them()
    {
        // As a trained BLIP-2 embeds images: 30 of the 32 query vectors nearly the same for every image (one direction
        // per query index, all near one another, plus a little noise) and 2 carrying what the image shows (here one of
        // 40 looks). The exact
        // top 10 of a photo of look 7 are items of look 7, which differ from the rest in 2 query vectors only. The
        // photo's mean is mostly the shared vectors, so the centroid rows nearest it are shared-vector rows of any
        // items; the group that holds the photo's 2 distinguishing vectors (a group of its own) finds look 7's items.
        var random = new Random(11);
        var common = UnitRow(random);
        var shared = Enumerable.Range(0, QueryCount).Select(_ =>
        {
            var row = UnitRow(random);
            TensorPrimitives.MultiplyAdd(row, 0.25f, common, row);
            Normalize(row);
            return row;
        }).ToArray();
        var looks = Enumerable.Range(0, 40).Select(_ => UnitRow(random)).ToArray();
        float[] Embed(int look) => Rows(q =>
        {
            var distinguishing = q is 2 or 29;
            var row = new float[Dimensions];
            TensorPrimitives.MultiplyAdd(shared[q], distinguishing ? 0.3f : 1f, row, row);
            if (distinguishing)
            {
                TensorPrimitives.Add(looks[look], row, row);
            }

            for (var k = 0; k < Dimensions; k++)
            {
                row[k] += (float)(random.NextDouble() - 0.5) * (distinguishing ? 0.3f : 0.16f);
            }

            Normalize(row);
            return row;
        });

        var items = Enumerable.Range(0, 1_000).Select(i => Item($"item-{i:D4}", Embed(i % looks.Length))).ToList();
        var query = new CatalogQuery { Image = new ImageEmbedding(Embed(7), QueryCount), Top = 10 };

        // Few candidates (probes of 40 centroid rows), so that which rows the probes find decides the result.
        var store = database.CreateStore(o =>
        {
            o.ExactSearchThreshold = 0;
            o.CandidateMultiplier = 1;
            o.MinCandidates = 10;
        });
        await store.UpsertAsync(items);
        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, v => v.ToArray());
        Assert.All(expected, h => Assert.Equal(7, int.Parse(h.Id[5..], System.Globalization.CultureInfo.InvariantCulture) % looks.Length));
        Assert.Equal(10, hits.Count(h => int.Parse(h.Id[5..], System.Globalization.CultureInfo.InvariantCulture) % looks.Length == 7));
        Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Score), hits.Select(h => h.Score));
    }

    private static float[] Rows(Func<int, float[]> row)
    {
        var rows = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            row(q).CopyTo(rows.AsSpan(q * Dimensions, Dimensions));
        }

        return rows;
    }

    private static float[] Perturbed(Random random, float[] row)
    {
        var perturbed = row.ToArray();
        for (var k = 0; k < Dimensions; k++)
        {
            perturbed[k] += (float)(random.NextDouble() - 0.5) * 0.004f;
        }

        Normalize(perturbed);
        return perturbed;
    }

    private static void Normalize(Span<float> row) => TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);

    private static CatalogItem Item(string id, float[] rows) => new()
    {
        Id = id,
        Category = "tops",
        Name = id,
        ImageLocation = "images/" + id + ".jpg",
        Embedding = new ImageEmbedding(rows, QueryCount),
    };

    /// <summary>Query vectors showing <paramref name="shown"/> in turn: the concept, the part, a little noise; unit length.</summary>
    private static float[] Rows(Random random, float[] concept, float[][] parts, int[] shown)
    {
        var rows = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            var row = rows.AsSpan(q * Dimensions, Dimensions);
            TensorPrimitives.MultiplyAdd(concept, 0.7f, row, row);
            TensorPrimitives.MultiplyAdd(parts[shown[q % shown.Length]], 0.5f, row, row);
            for (var k = 0; k < Dimensions; k++)
            {
                row[k] += (float)(random.NextDouble() - 0.5) * 0.06f;
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        return rows;
    }

    private static float[] UnitRow(Random random)
    {
        var row = new float[Dimensions];
        for (var k = 0; k < Dimensions; k++)
        {
            row[k] = (float)(random.NextDouble() - 0.5);
        }

        TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        return row;
    }
}
