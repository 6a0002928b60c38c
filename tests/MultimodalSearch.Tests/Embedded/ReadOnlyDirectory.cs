using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// A read-only view of a directory: as root (who ignores file permissions) a read-only bind mount, as anyone
/// else the directory and its files with their write permissions removed. Disposing it undoes that.
/// </summary>
internal sealed class ReadOnlyDirectory : IDisposable
{
    private readonly string _source;
    private readonly bool _mounted;

    private ReadOnlyDirectory(string source, string path, bool mounted)
    {
        _source = source;
        Path = path;
        _mounted = mounted;
    }

    /// <summary>Gets the read-only path.</summary>
    public string Path { get; }

    /// <summary>Makes <paramref name="directory"/> (with its files) read-only, or a read-only view of it.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The view.</returns>
    public static ReadOnlyDirectory Create(string directory)
    {
        if (Environment.UserName != "root")
        {
            Run("chmod", "-R", "a-w", directory);
            return new ReadOnlyDirectory(directory, directory, mounted: false);
        }

        var view = directory + "-read-only";
        Directory.CreateDirectory(view);
        Run("mount", "--bind", directory, view);
        try
        {
            Run("mount", "-o", "remount,ro,bind", view);
        }
        catch
        {
            Run("umount", view);
            throw;
        }

        return new ReadOnlyDirectory(directory, view, mounted: true);
    }

    /// <summary>Unmounts the view, or gives the write permissions back.</summary>
    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", Path);
            Directory.Delete(Path);
            return;
        }

        Run("chmod", "-R", "u+w", _source);
    }

    private static void Run(string command, params string[] arguments) => ExternalCommand.RunAsync(command, arguments).GetAwaiter().GetResult();
}
