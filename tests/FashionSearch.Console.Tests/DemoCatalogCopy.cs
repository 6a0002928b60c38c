using System.Buffers.Binary;
using System.Text;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>A private copy of the demo catalog for tests that change it.</summary>
internal sealed class DemoCatalogCopy : IDisposable
{
    public DemoCatalogCopy()
    {
        Root = Directory.CreateTempSubdirectory("demo-catalog-").FullName;
        foreach (var file in Directory.GetFiles(TestPaths.DemoCatalog, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(TestPaths.DemoCatalog, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public const int ImageCount = 360;

    /// <summary>Gets the catalog folder (styles.csv + images/).</summary>
    public string Root { get; }

    /// <summary>Gets the folder in the <c>&lt;category&gt;/&lt;image&gt;</c> layout.</summary>
    public string Images => Path.Combine(Root, "images");

    /// <summary>Plants five files that are not usable images and returns their paths.</summary>
    public string[] PlantBadImages()
    {
        var zeroByte = Path.Combine(Images, "t-shirt", "zero-byte.jpg");
        File.WriteAllBytes(zeroByte, []);

        var truncated = Path.Combine(Images, "shirt", "truncated.jpg");
        var jpeg = File.ReadAllBytes(Directory.GetFiles(Path.Combine(Images, "shirt"), "*.jpg")[0]);
        File.WriteAllBytes(truncated, jpeg[..(jpeg.Length / 3)]);

        var text = Path.Combine(Images, "pants", "notes.jpg");
        File.WriteAllText(text, "This is a text file with a .jpg name.");

        // A little-endian TIFF header: a real image format, but not one the library reads.
        var tiff = Path.Combine(Images, "shoes", "scan.tiff");
        File.WriteAllBytes(tiff, [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

        var huge = Path.Combine(Images, "jacket", "huge.png");
        File.WriteAllBytes(huge, PngHeader(100_000, 100_000));

        return [zeroByte, truncated, text, tiff, huge];
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A PNG signature and an IHDR chunk declaring <paramref name="width"/> x <paramref name="height"/> RGB pixels, and nothing else.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, ihdr.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes("IHDR").Concat(ihdr).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
        return png.ToArray();
    }

    /// <summary>The CRC-32 (IEEE) PNG chunks carry, bit by bit.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
