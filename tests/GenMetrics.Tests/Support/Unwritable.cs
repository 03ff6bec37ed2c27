namespace GenMetrics.Tests.Support;

/// <summary>A folder this process cannot create files in, for tests of unwritable outputs.</summary>
internal static class Unwritable
{
    /// <summary>
    /// A read-only folder inside <paramref name="dir"/> (mode 0555), or, where permissions do not bind this user
    /// (root), a sysfs folder that refuses new files even to root; null when neither exists.
    /// </summary>
    public static string? Folder(TempDir dir)
    {
        if (OperatingSystem.IsWindows()) return null;
        var ro = Directory.CreateDirectory(dir.File("read-only")).FullName;
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (!CanWrite(ro)) return ro;
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        const string sysfs = "/sys/kernel";
        return Directory.Exists(sysfs) && !CanWrite(sysfs) ? sysfs : null;
    }

    private static bool CanWrite(string folder)
    {
        var probe = Path.Combine(folder, ".write-probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return false; }
    }
}
