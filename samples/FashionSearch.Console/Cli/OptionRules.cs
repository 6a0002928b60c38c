using System.CommandLine;
using System.CommandLine.Parsing;

namespace FashionSearch.Console.Cli;

/// <summary>Value checks as parser validators: bad usage (exit code 2) with one line, before any work.</summary>
internal static class OptionRules
{
    /// <summary>Adds a check of the option's value when it is given and parses; a value that does not parse is the parser's own error.</summary>
    /// <param name="option">The option.</param>
    /// <param name="problem">What is wrong with a value, or null.</param>
    public static Option<T> Require<T>(this Option<T> option, Func<T, string?> problem)
    {
        option.Validators.Add(result =>
        {
            if (!result.Implicit && TryGetValue(result, out T value) && problem(value) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }

    /// <summary>The value of <paramref name="option"/> in a command's validator: its default when not given, <paramref name="fallback"/> when it does not parse.</summary>
    public static T ValueOf<T>(CommandResult command, Option<T> option, T fallback)
    {
        if (command.GetResult(option) is not { } result)
        {
            return option.DefaultValueFactory is { } factory ? factory(null!) : fallback;
        }

        return TryGetValue(result, out T value) ? value : fallback;
    }

    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
