using System.Globalization;
using System.Text;
using SkiaSharp;

namespace MultimodalSearch.Testing.Catalog;

/// <summary>
/// Writes a variant-heavy catalog made from the demo catalog's images: for each chosen product, several slightly
/// different renders (a zoom-crop, a shift, a small rotation, a brightness change; render 0 is the original
/// image re-encoded). Near-duplicates like these are where approximate indexes lose recall: a probe found HNSW
/// top-10 overlap with exact search of only 0.65-0.88 on 360 products x 8 renders.
/// </summary>
/// <remarks>
/// The output is a folder that <see cref="Ingestion.StylesCsvCatalogSource"/> (and <c>fashion-search index</c>) reads:
/// <c>styles.csv</c> with the demo's columns plus <c>product</c> (the original id), and
/// <c>images/&lt;category&gt;/&lt;product&gt;-&lt;render&gt;.jpg</c>. Deterministic: the same arguments give the same
/// bytes. Products are taken round-robin over the categories, so a small catalog still spans all of them.
/// </remarks>
public static class VariantCatalog
{
    /// <summary>The renders per product of the catalog the fault probe used.</summary>
    public const int DefaultRenders = 8;

    /// <summary>Writes the catalog into <paramref name="directory"/> (created; files already there are overwritten).</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="products">How many demo products to use (at most 360); null for all of them.</param>
    /// <param name="renders">Renders per product, at least 1 (render 0 is the original).</param>
    /// <returns>The catalog: its folder and one entry per render.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static VariantCatalogInfo Write(string directory, int? products = null, int renders = DefaultRenders)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(renders, 1);
        var chosen = ChooseProducts(products);
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("id,articleType,baseColour,pattern,productDisplayName,image,product\n");
        var entries = new List<VariantCatalogEntry>();
        foreach (var row in chosen)
        {
            var (id, category) = (row[0], row[1]);
            using var original = SKBitmap.Decode(Path.Combine(TestPaths.DemoCatalog, row[5]))
                ?? throw new InvalidDataException($"Cannot decode the demo image {row[5]}.");
            Directory.CreateDirectory(Path.Combine(directory, "images", category));
            for (var render = 0; render < renders; render++)
            {
                var variantId = id + "-" + render.ToString(CultureInfo.InvariantCulture);
                var relative = $"images/{category}/{variantId}.jpg";
                var path = Path.Combine(directory, relative);
                File.WriteAllBytes(path, Render(original, int.Parse(id, CultureInfo.InvariantCulture), render));
                csv.Append(CultureInfo.InvariantCulture, $"{variantId},{category},{row[2]},{row[3]},{row[4]},{relative},{id}\n");
                entries.Add(new VariantCatalogEntry(variantId, id, category, path));
            }
        }

        File.WriteAllText(Path.Combine(directory, "styles.csv"), csv.ToString());
        return new VariantCatalogInfo(directory, entries);
    }

    /// <summary>Renders one variant of <paramref name="original"/> as JPEG bytes (quality 92).</summary>
    /// <param name="original">The product's image.</param>
    /// <param name="product">The product id, which seeds the variation.</param>
    /// <param name="render">The render number; 0 is the original image.</param>
    /// <returns>The JPEG bytes.</returns>
    public static byte[] Render(SKBitmap original, int product, int render)
    {
        ArgumentNullException.ThrowIfNull(original);
        var random = new Random((product * 31) + render);
        var (width, height) = (original.Width, original.Height);
        var zoom = render == 0 ? 1f : 1f + (0.12f * random.NextSingle());
        var shiftX = render == 0 ? 0f : width * 0.06f * ((2 * random.NextSingle()) - 1);
        var shiftY = render == 0 ? 0f : height * 0.06f * ((2 * random.NextSingle()) - 1);
        var degrees = render == 0 ? 0f : 4f * ((2 * random.NextSingle()) - 1);
        var brightness = render == 0 ? 1f : 0.88f + (0.24f * random.NextSingle());

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Translate((width / 2f) + shiftX, (height / 2f) + shiftY);
        canvas.RotateDegrees(degrees);
        canvas.Scale(zoom);
        canvas.Translate(-width / 2f, -height / 2f);
        using var paint = new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                brightness, 0, 0, 0, 0,
                0, brightness, 0, 0, 0,
                0, 0, brightness, 0, 0,
                0, 0, 0, 1, 0,
            ]),
        };
        using var image = SKImage.FromBitmap(original);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), paint);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }

    private static List<string[]> ChooseProducts(int? count)
    {
        var byCategory = DemoStyles.Rows.Values.GroupBy(row => row[1], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var total = byCategory.Sum(g => g.Count);
        var wanted = count ?? total;
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1, nameof(count));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wanted, total, nameof(count));
        var chosen = new List<string[]>(wanted);
        for (var index = 0; chosen.Count < wanted; index++)
        {
            foreach (var group in byCategory)
            {
                if (index < group.Count && chosen.Count < wanted)
                {
                    chosen.Add(group[index]);
                }
            }
        }

        return chosen;
    }
}
