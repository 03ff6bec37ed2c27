using System.Runtime.InteropServices;

namespace GenMetrics.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM end the run cleanly: the temporary files of unfinished outputs are removed (a file
/// being written never appears, an existing one is left as it was), one line says so, and the exit code is 130.
/// </summary>
internal sealed class Cancellation : IDisposable
{
    public const int ExitCode = 130;
    private readonly PosixSignalRegistration[] _registrations;
    private static int s_cancelled;

    private Cancellation(PosixSignalRegistration[] registrations) => _registrations = registrations;

    public static Cancellation OnSignals()
    {
        // Also on a normal exit path that was interrupted elsewhere (ProcessExit runs for Environment.Exit).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => OutputFiles.DeleteUnfinished();
        return new Cancellation([
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ]);
    }

    private static void Handle(PosixSignalContext context)
    {
        context.Cancel = true;   // exit on our terms, after cleaning up
        if (Interlocked.Exchange(ref s_cancelled, 1) == 1) return;
        int removed = OutputFiles.DeleteUnfinished();
        Console.Error.WriteLine();
        Console.Error.WriteLine($"cancelled ({context.Signal}): {(removed == 0 ? "no output was written" : $"removed {removed} unfinished output file(s); nothing partial is left")}");
        Environment.Exit(ExitCode);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
