using GenMetrics.Internals;

namespace GenMetrics;

/// <summary>
/// How GenMetrics writes its outputs (result JSON, statistics, features, preprocessed arrays): a regular file through
/// a temporary file in the same folder, renamed into place when complete; a symbolic link's target, never the link;
/// a device or FIFO (such as /dev/stdout) in place. A failed or cancelled write leaves no partial file behind.
/// </summary>
public static class OutputFiles
{
    /// <summary>Checks before any work that <paramref name="path"/> can be written (not a folder, its folder exists and is writable).</summary>
    /// <exception cref="InputException">It cannot; the message names the path and says why.</exception>
    public static void Check(string path) => OutputFile.Check(path);

    /// <summary>Deletes the temporary files of outputs still being written (call it when cancelling); returns how many.</summary>
    public static int DeleteUnfinished() => OutputFile.DeletePending();
}
