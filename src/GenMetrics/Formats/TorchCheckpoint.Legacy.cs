using System.Buffers.Binary;
using System.Numerics;

namespace GenMetrics.Formats;

/// <summary>The legacy (non-zip) format: torch/serialization.py _legacy_save and _legacy_load.</summary>
internal static partial class TorchCheckpoint
{
    private static readonly BigInteger s_magic = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
    private const long LegacyProtocol = 1001;

    private static object? ReadLegacy(FileStream file, string path)
    {
        var plain = new PickleHost(); // the header pickles hold plain values only
        if (!LooksLikeLegacy(file))
            throw new InputException($"{path}: not a PyTorch checkpoint ({WhatItIs(file)})");
        object? magic, protocol, sysInfo;
        try { magic = PickleReader.Load(file, path, plain); }
        catch (InputException e) { throw new InputException($"{path}: not a PyTorch checkpoint (no magic number: {e.Message})", e); }
        if (magic is not BigInteger m || m != s_magic)
            throw new InputException($"{path}: not a PyTorch checkpoint (it starts with a pickle, but not with torch's magic number)");
        protocol = PickleReader.Load(file, path, plain);
        if (protocol is not long p || p != LegacyProtocol)
            throw new InputException($"{path}: legacy checkpoint protocol {protocol ?? "None"}, but GenMetrics reads protocol {LegacyProtocol}");
        sysInfo = PickleReader.Load(file, path, plain);
        if (sysInfo is PickleDict info && info.TryGetValue("little_endian", out var little) && little is false)
            throw new InputException($"{path}: the checkpoint was saved on a big-endian machine; GenMetrics reads little-endian checkpoints only");

        var host = new TorchPickleHost(path);
        var root = PickleReader.Load(file, path, host);
        var keys = PickleReader.Load(file, path, plain) as List<object?>
            ?? throw new InputException($"{path}: corrupt checkpoint: the list of storage keys is missing");
        foreach (var k in keys)
        {
            if (k is not string key || !host.Storages.TryGetValue(key, out var storage) || storage.IsView)
                throw new InputException($"{path}: corrupt checkpoint: storage key '{k}' is not one the pickle refers to");
            ReadLegacyStorage(file, path, storage);
        }
        foreach (var storage in host.Storages.Values)
            if (!storage.IsLoaded)
                throw new InputException($"{path}: storage '{storage.Key}' is missing; the checkpoint is incomplete");
        return root;
    }

    /// <summary>int64 element count (in elements of the storage's dtype), then the raw little-endian bytes.</summary>
    private static void ReadLegacyStorage(FileStream file, string path, TorchStorage storage)
    {
        Span<byte> head = stackalloc byte[8];
        if (file.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
            throw new InputException($"{path}: the file is truncated (storage '{storage.Key}' is missing)");
        long count = BinaryPrimitives.ReadInt64LittleEndian(head);
        if (count != storage.Count)
            throw new InputException($"{path}: storage '{storage.Key}' holds {count} elements, but the pickle declares {storage.Count}; the checkpoint is corrupt");
        if (storage.ByteCount > file.Length - file.Position)
            throw new InputException($"{path}: the file is truncated (storage '{storage.Key}' needs {storage.ByteCount} bytes, " +
                                     $"{file.Length - file.Position} are left)");
        var data = new byte[storage.ByteCount];
        if (file.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length)
            throw new InputException($"{path}: the file is truncated in storage '{storage.Key}'");
        storage.SetData(data);
    }

    /// <summary>torch writes the magic number as PROTO 2, LONG1 of 10 bytes (any pickle protocol ≥ 2 starts with PROTO).</summary>
    private static bool LooksLikeLegacy(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        long at = file.Position;
        int got = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = at;
        return got == 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;
    }

    private static string WhatItIs(FileStream file)
    {
        if (file.Length == 0) return "the file is empty";
        if (file.Length >= 262)
        {
            Span<byte> ustar = stackalloc byte[5];
            file.Position = 257;
            file.ReadExactly(ustar);
            file.Position = 0;
            if (ustar.SequenceEqual("ustar"u8))
                return "a tar archive: the pre-1.0 tar checkpoint format, which GenMetrics does not read; re-save it with a current torch";
        }
        return "neither a zip archive nor torch's legacy format";
    }
}
