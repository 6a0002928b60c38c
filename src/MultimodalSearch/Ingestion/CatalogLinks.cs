namespace MultimodalSearch.Ingestion;

/// <summary>
/// Where paths in a catalog folder really lead: every link along a path resolved (as <c>realpath</c> does), so that a
/// link to a file or folder outside the catalog is recognised whatever its path text says.
/// </summary>
internal static class CatalogLinks
{
    // As the kernel's own limit on links followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>The option that lets links lead outside the catalog folder, as messages name it.</summary>
    public const string AllowOption = "allowLinksOutsideRoot, the CLI's --allow-links-outside";

    /// <summary>Gets the path with every link along it resolved; parts that do not exist are kept as they are.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The real path.</returns>
    /// <exception cref="IOException">The links form a loop or a chain of more than 40.</exception>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Parts(full).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            if (LinkTarget(next) is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"'{path}' leads through more than {MaxLinks} links (a loop of links?).");
            }

            // The target's own parts come next; an absolute target starts again from its root.
            var absolute = Path.IsPathRooted(target) ? target : Path.Join(current, target);
            current = Path.GetPathRoot(absolute)!;
            foreach (var targetPart in Parts(absolute).Reverse())
            {
                pending.Push(targetPart);
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="realPath"/> is <paramref name="realRoot"/> or lies under it.</summary>
    /// <param name="realRoot">A real path (see <see cref="RealPath"/>).</param>
    /// <param name="realPath">Another.</param>
    /// <returns>True when inside.</returns>
    public static bool IsInside(string realRoot, string realPath)
    {
        var root = Path.TrimEndingDirectorySeparator(realRoot);
        return root == Path.GetPathRoot(root)
            || realPath.Equals(root, StringComparison.Ordinal)
            || realPath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Gets a link's own target text, or null when <paramref name="path"/> is no link (or cannot be read).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The target as the link states it.</returns>
    public static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Says why <paramref name="path"/> is not read: links along it lead outside the catalog, or cannot be followed.</summary>
    /// <param name="path">A path in the catalog folder.</param>
    /// <param name="realRoot">The catalog folder's real path.</param>
    /// <returns>The reason, or null when the path really lies in the catalog folder.</returns>
    public static string? Escape(string path, string realRoot)
    {
        try
        {
            var real = RealPath(path);
            return IsInside(realRoot, real) ? null : Outside(real);
        }
        catch (IOException ex)
        {
            return $"cannot follow the link: {ex.Message}";
        }
    }

    /// <summary>The reason an entry whose real path is <paramref name="realPath"/> is refused: it lies outside the catalog.</summary>
    /// <param name="realPath">Where the entry really is.</param>
    /// <returns>The reason.</returns>
    public static string Outside(string realPath) =>
        $"a link to '{realPath}', outside the catalog folder; not read (to allow links out of the catalog: {AllowOption})";

    private static IEnumerable<string> Parts(string absolute) =>
        absolute[Path.GetPathRoot(absolute)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
