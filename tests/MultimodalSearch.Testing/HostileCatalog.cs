using System.Diagnostics;

namespace MultimodalSearch.Testing;

/// <summary>
/// A catalog folder (<c>&lt;category&gt;/&lt;image&gt;</c>) of a few good demo images and one of each hostile entry: a link to
/// <c>/dev/zero</c>, a FIFO, a 2 GiB sparse file that starts as a JPEG does, a link to <c>/etc/passwd</c> and a linked
/// folder outside the catalog (holding a good image). Deleted on dispose, the sparse file with it.
/// </summary>
public sealed class HostileCatalog : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("hostile-catalog-").FullName;

    /// <summary>Creates the catalog.</summary>
    /// <param name="goodImages">How many good demo images it holds.</param>
    public HostileCatalog(int goodImages = 4)
    {
        Root = Path.Combine(_base, "catalog");
        var shirts = Directory.CreateDirectory(Path.Combine(Root, "shirt")).FullName;
        var images = Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < goodImages; i++)
        {
            File.Copy(images[i], Path.Combine(shirts, $"good-{i}.jpg"));
        }

        File.CreateSymbolicLink(Path.Combine(shirts, "zero.jpg"), "/dev/zero");
        MakeFifo(Path.Combine(shirts, "pipe.jpg"));
        using (var sparse = File.Create(Path.Combine(shirts, "huge.jpg")))
        {
            sparse.Write([0xFF, 0xD8, 0xFF, 0xE0]);
            sparse.SetLength(2L * 1024 * 1024 * 1024);
        }

        File.CreateSymbolicLink(Path.Combine(shirts, "passwd.jpg"), "/etc/passwd");
        var outside = Directory.CreateDirectory(Path.Combine(_base, "outside")).FullName;
        File.Copy(images[^1], Path.Combine(outside, "elsewhere.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "linked"), outside);
    }

    /// <summary>Gets the catalog folder.</summary>
    public string Root { get; }

    /// <summary>Gets the good images in the catalog.</summary>
    public int GoodImages => Directory.GetFiles(Path.Combine(Root, "shirt"), "good-*.jpg").Length;

    /// <summary>Gets the hostile entries, by their path in the catalog (one failure each is expected).</summary>
    public IReadOnlyList<string> BadEntries =>
        [.. new[] { "shirt/zero.jpg", "shirt/pipe.jpg", "shirt/huge.jpg", "shirt/passwd.jpg", "linked" }.Select(p => Path.Combine(Root, p))];

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_base, recursive: true);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed with exit code {mkfifo.ExitCode}.");
        }
    }
}
