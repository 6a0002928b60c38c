using System.Runtime.InteropServices;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM during a command: the first cancels the command's token; a command that has not
/// ended <see cref="GracePeriod"/> later (a blocked console read, a model call that does not look at the token)
/// is abandoned and the CLI ends as interrupted (130, the contract's code for both) anyway. Without a signal the command runs
/// as it would without this class.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    /// <summary>How long a cancelled command gets to end by itself.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource<int> _interrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;

    private InterruptSignals(CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context)),
        ];
    }

    /// <summary>Starts listening for the signals until disposed.</summary>
    public static InterruptSignals Register(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>Runs <paramref name="command"/> with a token that the signals cancel.</summary>
    /// <returns>The command's exit code, or the signal's when the command outlives the grace period after it.</returns>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> command)
    {
        // On a pool thread: a command may block its caller synchronously (Console.In.ReadLineAsync reads synchronously),
        // and the signal must still be able to end the wait below.
        var token = _cancellation.Token;
        var run = Task.Run(() => command(token), CancellationToken.None);
        var first = await Task.WhenAny(run, _interrupted.Task).ConfigureAwait(false);
        if (first == run)
        {
            return await run.ConfigureAwait(false);
        }

        var signalExitCode = await _interrupted.Task.ConfigureAwait(false);
        var ended = await Task.WhenAny(run, Task.Delay(GracePeriod)).ConfigureAwait(false);
        return ended == run ? await run.ConfigureAwait(false) : signalExitCode;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the command gets its grace period, then RunAsync returns the exit code.
        context.Cancel = true;
        if (_interrupted.TrySetResult(ExitCodes.Cancelled))
        {
            _cancellation.Cancel();
        }
    }
}
