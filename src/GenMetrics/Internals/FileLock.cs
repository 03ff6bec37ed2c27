using System.Diagnostics;

namespace GenMetrics.Internals;

/// <summary>
/// An exclusive lock on a lock file held across processes: a <see cref="FileStream"/> opened with
/// <see cref="FileShare.None"/> (an <c>flock</c> on Unix), released by the OS when the process ends, so a crash never
/// leaves a stale lock. The lock file is never deleted (see <c>WeightsLock</c> for why).
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <exception cref="InputException">Another process held it for longer than <paramref name="timeout"/>, or it cannot be created.</exception>
    public static FileLock Acquire(string path, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (clock.Elapsed > timeout) throw new InputException($"{path}: another GenMetrics process has held the lock on {what} for over {timeout.TotalSeconds:0} s", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot create the lock on {what} ({e.Message})", e);
            }
            Thread.Sleep(20);
        }
    }

    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows()
            ? e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
            : e.GetType() == typeof(IOException) && e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _stream.Dispose();
}
