using System.Runtime.InteropServices;

namespace GenMetrics.Internals;

/// <summary>What a path is, following symbolic links (POSIX <c>stat</c>).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Other,
}

/// <summary>
/// The type of a file as <c>stat(2)</c> reports it: .NET tells a directory from a file but not a FIFO or a device
/// from a regular file, and outputs must be written in place on those. Linux (x64, arm64) and macOS read the mode
/// bits from libc's <c>struct stat</c>; elsewhere an existing non-directory counts as regular.
/// </summary>
internal static partial class FileKinds
{
    public static FileKind Of(string path)
    {
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!File.Exists(path)) return FileKind.Missing;
        var offset = ModeOffset();
        if (offset < 0) return FileKind.Regular;
        Span<byte> buffer = stackalloc byte[256];
        if (Stat(path, ref MemoryMarshal.GetReference(buffer)) != 0) return FileKind.Other;
        uint mode = OperatingSystem.IsMacOS() ? BitConverter.ToUInt16(buffer[offset..]) : BitConverter.ToUInt32(buffer[offset..]);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    // Offset of st_mode in struct stat: x86-64 glibc/musl 24 (after st_dev, st_ino, st_nlink), arm64 16 (st_nlink
    // comes after st_mode there), macOS 4 (a 32-bit st_dev).
    private static int ModeOffset() =>
        OperatingSystem.IsLinux() ? RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        }
        : OperatingSystem.IsMacOS() ? 4 : -1;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref byte buffer);
}
