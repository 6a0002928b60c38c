using Microsoft.Extensions.FileProviders;

namespace FashionSearch.Web.Hosting;

/// <summary>
/// Finds the chat page's files: the content root's wwwroot when there is one (the project folder, or a published app),
/// else the copy in the build output, so that <c>dotnet run --project samples/FashionSearch.Web</c> from any folder
/// serves the page.
/// </summary>
internal static class WebRoot
{
    /// <summary>Gets the file provider of the page's files.</summary>
    /// <param name="environment">The host environment.</param>
    /// <returns>The provider.</returns>
    public static IFileProvider Files(IWebHostEnvironment environment)
    {
        var folder = environment.WebRootPath is { Length: > 0 } root && File.Exists(Path.Combine(root, "index.html"))
            ? root
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return new PhysicalFileProvider(folder);
    }
}
