using Spectre.Console;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Where a run of the CLI reads and writes: stdout (results only), stderr (progress, logs, errors) and stdin
/// (<c>ask --interactive</c>). The process uses the real console; tests run the CLI in-process with their own writers.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Paths and long names stay on one line when stdout is not a terminal: tables are this wide at most.</summary>
    private const int UnboundedWidth = 4096;

    private readonly Lazy<IAnsiConsole> _ansiOut;
    private readonly Lazy<IAnsiConsole> _ansiError;

    /// <param name="output">Stdout.</param>
    /// <param name="error">Stderr.</param>
    /// <param name="input">Stdin.</param>
    /// <param name="outputIsTerminal">Whether stdout is a terminal (tables fit its width; otherwise nothing wraps).</param>
    /// <param name="errorIsTerminal">Whether stderr is a terminal (a live progress bar; otherwise plain progress lines).</param>
    public CliConsole(TextWriter output, TextWriter error, TextReader input, bool outputIsTerminal, bool errorIsTerminal)
    {
        Out = output;
        Error = new SynchronizedErrorWriter(error);
        In = input;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        _ansiOut = new(() => Create(Out, outputIsTerminal));
        _ansiError = new(() => Create(error, errorIsTerminal));
    }

    /// <summary>Gets the process's own console.</summary>
    public static CliConsole System => new(
        global::System.Console.Out,
        global::System.Console.Error,
        global::System.Console.In,
        !global::System.Console.IsOutputRedirected,
        !global::System.Console.IsErrorRedirected);

    public TextWriter Out { get; }

    /// <summary>Gets stderr; while a live progress bar runs, lines written here go through it (above the bar) instead of tearing it.</summary>
    public TextWriter Error { get; }

    public TextReader In { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>Gets stdout for tables and markup.</summary>
    public IAnsiConsole Ansi => _ansiOut.Value;

    /// <summary>Gets stderr for the progress bar.</summary>
    public IAnsiConsole AnsiError => _ansiError.Value;

    /// <summary>Sends every line written to <see cref="Error"/> to <paramref name="sink"/> until the returned scope ends.</summary>
    public IDisposable RouteErrorLines(Action<string> sink) => ((SynchronizedErrorWriter)Error).Route(sink);

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            // The caller has found out whether this is a terminal (Spectre cannot tell through a TextWriter).
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = UnboundedWidth;
        }

        return console;
    }
}
