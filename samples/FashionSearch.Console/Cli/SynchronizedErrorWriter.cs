using System.Text;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Stderr shared by the command, the loggers and the progress display: one writer at a time, and while a live
/// progress bar runs, whole lines handed to it (see <see cref="CliConsole.RouteErrorLines"/>).
/// </summary>
internal sealed class SynchronizedErrorWriter(TextWriter inner) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private Action<string>? _sink;

    public override Encoding Encoding => inner.Encoding;

    public IDisposable Route(Action<string> sink)
    {
        lock (_gate)
        {
            _sink = sink;
        }

        return new Scope(this);
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            if (_sink is null)
            {
                inner.Write(value);
                inner.Flush();
                return;
            }

            _pending.Append(value);
            EmitCompleteLines();
        }
    }

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void WriteLine() => Write("\n");

    public override void Flush()
    {
        lock (_gate)
        {
            inner.Flush();
        }
    }

    private void EmitCompleteLines()
    {
        int newline;
        while ((newline = IndexOfNewline()) >= 0)
        {
            var line = _pending.ToString(0, newline).TrimEnd('\r');
            _pending.Remove(0, newline + 1);
            _sink!(line);
        }
    }

    private int IndexOfNewline()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private void EndRoute()
    {
        lock (_gate)
        {
            if (_pending.Length > 0)
            {
                _pending.Append('\n');
                EmitCompleteLines();
            }

            _sink = null;
        }
    }

    private sealed class Scope(SynchronizedErrorWriter owner) : IDisposable
    {
        public void Dispose() => owner.EndRoute();
    }
}
