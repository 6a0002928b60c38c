using System.Globalization;
using MultimodalSearch;
using Spectre.Console;

namespace FashionSearch.Console.Cli;

/// <summary>Shows search hits as a table (on a terminal) or as plain tab-separated lines with whole image paths (otherwise).</summary>
internal static class HitsView
{
    public static void Write(CliConsole console, IReadOnlyList<CatalogHit> hits)
    {
        if (!console.OutputIsTerminal)
        {
            console.Out.WriteLine("#\tscore\tcategory\tname\tid\timage");
            for (var i = 0; i < hits.Count; i++)
            {
                var hit = hits[i];
                console.Out.WriteLine(string.Join('\t', (i + 1).ToString(CultureInfo.InvariantCulture), Score(hit.Score), hit.Category, hit.Name, hit.Id, hit.ImageLocation ?? ""));
            }

            return;
        }

        var table = new Table().AddColumns("#", "score", "category", "name", "id", "image");
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Score(hit.Score), Markup.Escape(hit.Category), Markup.Escape(hit.Name), Markup.Escape(hit.Id), Markup.Escape(hit.ImageLocation ?? ""));
        }

        console.Ansi.Write(table);
    }

    private static string Score(float score) => score.ToString("F3", CultureInfo.InvariantCulture);
}
