using System.Reflection;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Testing.Telemetry;

/// <summary>Reads the source-generated log events of an assembly: every method marked <see cref="LoggerMessageAttribute"/>.</summary>
public static class LogEventIds
{
    /// <summary>Gets every log event declared in <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly.</param>
    /// <returns>The events: declaring class, method, id, level and message template.</returns>
    public static IReadOnlyList<LogEvent> Of(Assembly assembly) =>
    [
        .. from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select new LogEvent(type.Name, method.Name, attribute.EventId, attribute.Level, attribute.Message),
    ];

    /// <summary>
    /// Lists what is wrong with the events of <paramref name="assembly"/>: none, an id of 0 or unset, an id used twice,
    /// an id outside the range its class owns, or a class that owns no range.
    /// </summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="ranges">The first and last id each logging class owns, by class name.</param>
    /// <returns>The problems, empty when the assembly follows the rules.</returns>
    public static IReadOnlyList<string> Problems(Assembly assembly, IReadOnlyDictionary<string, (int First, int Last)> ranges)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(ranges);
        var events = Of(assembly);
        var problems = new List<string>();
        if (events.Count == 0)
        {
            problems.Add($"{assembly.GetName().Name} declares no [LoggerMessage] method.");
        }

        foreach (var e in events)
        {
            if (e.Id <= 0)
            {
                problems.Add($"{e.Class}.{e.Method} has event id {e.Id}; every event needs its own non-zero id.");
            }
            else if (!ranges.TryGetValue(e.Class, out var range))
            {
                problems.Add($"{e.Class}.{e.Method} (id {e.Id}) is in a class that owns no id range.");
            }
            else if (e.Id < range.First || e.Id > range.Last)
            {
                problems.Add($"{e.Class}.{e.Method} has event id {e.Id}, outside {e.Class}'s range {range.First}-{range.Last}.");
            }
        }

        problems.AddRange(events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"Event id {g.Key} is used by {string.Join(", ", g.Select(e => e.Class + "." + e.Method))}."));
        return problems;
    }
}
