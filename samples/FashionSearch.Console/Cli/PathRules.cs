using System.CommandLine;
using System.CommandLine.Parsing;

namespace FashionSearch.Console.Cli;

/// <summary>
/// One rule for a path given on the command line, checked by the parser before any work: a path that does not exist,
/// or is a folder where a file is wanted (or the other way round), is bad usage (exit code 2) with one line that names
/// the option and the path.
/// </summary>
internal static class PathRules
{
    /// <summary>Each value of <paramref name="option"/> must be an existing file.</summary>
    public static TOption AcceptExistingFile<TOption>(this TOption option)
        where TOption : Option
    {
        option.Validators.Add(result => Check(result, result.Tokens, option.Name, FileProblem));
        return option;
    }

    /// <summary>Each value of <paramref name="option"/> must be an existing folder.</summary>
    public static TOption AcceptExistingDirectory<TOption>(this TOption option)
        where TOption : Option
    {
        option.Validators.Add(result => Check(result, result.Tokens, option.Name, DirectoryProblem));
        return option;
    }

    /// <summary>The value of <paramref name="argument"/> must be an existing folder.</summary>
    public static Argument<string> AcceptExistingDirectory(this Argument<string> argument, string label)
    {
        argument.Validators.Add(result => Check(result, result.Tokens, label, DirectoryProblem));
        return argument;
    }

    /// <summary>The value of <paramref name="option"/> may not exist yet (it will be written), but must not be a folder, and its folder must exist.</summary>
    public static TOption AcceptWritableFile<TOption>(this TOption option)
        where TOption : Option
    {
        option.Validators.Add(result => Check(result, result.Tokens, option.Name, WritableFileProblem));
        return option;
    }

    /// <summary>What is wrong with <paramref name="path"/> as an existing file, or null.</summary>
    public static string? FileProblem(string path) =>
        path.Trim().Length == 0 ? "is empty"
        : Directory.Exists(path) ? $"'{path}' is a folder, not a file"
        : !File.Exists(path) ? $"'{path}' does not exist"
        : null;

    /// <summary>What is wrong with <paramref name="path"/> as an existing folder, or null.</summary>
    public static string? DirectoryProblem(string path) =>
        path.Trim().Length == 0 ? "is empty"
        : File.Exists(path) ? $"'{path}' is a file, not a folder"
        : !Directory.Exists(path) ? $"'{path}' does not exist"
        : null;

    /// <summary>What is wrong with <paramref name="path"/> as a file to read if it exists and write, or null.</summary>
    public static string? WritableFileProblem(string path)
    {
        if (path.Trim().Length == 0)
        {
            return "is empty";
        }

        if (Directory.Exists(path))
        {
            return $"'{path}' is a folder, not a file";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is not null && !Directory.Exists(folder) ? $"'{path}': its folder '{folder}' does not exist" : null;
    }

    private static void Check(SymbolResult result, IReadOnlyList<Token> tokens, string label, Func<string, string?> problem)
    {
        foreach (var token in tokens)
        {
            if (problem(token.Value) is { } message)
            {
                result.AddError($"{label} {message}.");
            }
        }
    }
}
