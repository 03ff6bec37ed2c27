using System.Diagnostics;

namespace GenMetrics.Encoders;

/// <summary>
/// An exclusive lock on <c>FILE.lock</c> held while one process downloads FILE: a <see cref="FileStream"/> opened with
/// <see cref="FileShare.None"/> (an <c>flock</c> on Unix, a sharing lock on Windows), released by the OS when the
/// process ends, so a crashed download never leaves a stale lock. Other callers poll until it is free.
/// </summary>
/// <remarks>
/// The lock file itself is never deleted: unlinking it while a waiter has it open would let a third process create
/// a fresh file and lock that one, and two downloaders would then write the same part file.
/// </remarks>
internal sealed class WeightsLock : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private WeightsLock(FileStream stream) => _stream = stream;

    /// <summary>Whether the caller had to wait for another holder.</summary>
    public bool Waited { get; private init; }

    public static async Task<WeightsLock> AcquireAsync(string path, string name, TimeSpan timeout,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var waited = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                return new WeightsLock(stream) { Waited = waited };
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (!waited) progress?.Report(new(name, DownloadStage.Waiting, 0, null));
                waited = true;
                if (clock.Elapsed > timeout)
                    throw new InputException(
                        $"{path}: another GenMetrics process has been downloading weights '{name}' for over {timeout.TotalMinutes:0.#} min; wait for it to finish, or give its path with the 'weights' setting", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot create the download lock ({e.Message})", e);
            }
            await Task.Delay(s_poll, ct).ConfigureAwait(false);
        }
    }

    // Windows: ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION. Unix: .NET takes FileShare.None as flock(LOCK_EX | LOCK_NB)
    // and reports its EWOULDBLOCK as a plain IOException whose HResult is the errno (11 on Linux, 35 on macOS and BSD).
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows()
            ? e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
            : e.GetType() == typeof(IOException) && e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _stream.Dispose();
}
