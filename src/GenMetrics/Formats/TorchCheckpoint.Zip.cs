using System.IO.Compression;

namespace GenMetrics.Formats;

/// <summary>The zip format (torch/serialization.py _save / _load; caffe2's PyTorchStreamWriter lays it out).</summary>
internal static partial class TorchCheckpoint
{
    /// <summary>data.pkl beyond this size is not a state dict (Inception's is about 40 KB).</summary>
    private const long MaxPickleBytes = 1L << 30;

    private static object? ReadZip(FileStream file, string path)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            _ = zip.Entries; // the central directory is read lazily: a corrupt one must fail here
        }
        catch (InvalidDataException e) { throw new InputException($"{path}: not a PyTorch checkpoint (a damaged or truncated zip archive: {e.Message})", e); }
        using (zip)
        {
            ZipArchiveEntry? pkl = null;
            foreach (var e in zip.Entries)
            {
                // "ARCHIVE/data.pkl": the archive folder is the file's stem when saved, "archive" from a buffer
                int slash = e.FullName.IndexOf('/');
                if (slash > 0 && e.FullName.AsSpan(slash + 1).SequenceEqual("data.pkl")) { pkl = e; break; }
            }
            if (pkl is null)
                throw new InputException($"{path}: not a PyTorch checkpoint (a zip archive without an ARCHIVE/data.pkl member)");
            string prefix = pkl.FullName[..^"data.pkl".Length];
            CheckByteOrder(zip.GetEntry(prefix + "byteorder"), path);

            var host = new TorchPickleHost(path);
            object? root;
            try
            {
                long length = ZipMembers.CheckedLength(pkl, file.Length, path);
                if (length > MaxPickleBytes) throw new InputException($"{path}: {pkl.FullName} is {length} bytes, too large for a state dict");
                var bytes = new byte[length];
                using (var s = pkl.Open()) ReadMember(s, bytes, pkl, path);
                using var ms = new MemoryStream(bytes, writable: false);
                root = PickleReader.Load(ms, $"{path} ({pkl.FullName})", host);
            }
            catch (InvalidDataException e) { throw new InputException($"{path}: corrupt member '{pkl.FullName}' ({e.Message})", e); }

            foreach (var storage in host.Storages.Values)
            {
                if (storage.IsLoaded || storage.IsView) continue;
                string name = prefix + "data/" + storage.Key;
                var entry = zip.GetEntry(name)
                    ?? throw new InputException($"{path}: storage '{storage.Key}' is missing (no member '{name}'); the checkpoint is incomplete");
                if (ZipMembers.CheckedLength(entry, file.Length, path) != storage.ByteCount)
                    throw new InputException($"{path}: member '{name}' holds {entry.Length} bytes, but the pickle declares " +
                                             $"{storage.Count} {storage.DType.Name()} elements ({storage.ByteCount} bytes)");
                var data = new byte[storage.ByteCount];
                try
                {
                    using var s = entry.Open();
                    ReadMember(s, data, entry, path);
                }
                catch (InvalidDataException e) { throw new InputException($"{path}: corrupt member '{name}' ({e.Message})", e); }
                storage.SetData(data);
            }
            return root;
        }
    }

    private static void ReadMember(Stream s, byte[] into, ZipArchiveEntry entry, string path)
    {
        int got = s.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
        if (got < into.Length) throw new InputException($"{path}: member '{entry.FullName}' is truncated ({got} of {into.Length} bytes)");
    }

    /// <summary>torch ≥ 2.1 writes "little" or "big"; older files have no byteorder member and are little-endian.</summary>
    private static void CheckByteOrder(ZipArchiveEntry? entry, string path)
    {
        if (entry is null) return;
        string order;
        try
        {
            using var reader = new StreamReader(entry.Open());
            var text = new char[16]; // "little" or "big": no need to read more of a corrupt member
            order = new string(text, 0, reader.ReadBlock(text)).Trim();
        }
        catch (InvalidDataException e) { throw new InputException($"{path}: corrupt member '{entry.FullName}' ({e.Message})", e); }
        if (order != "little")
            throw new InputException($"{path}: the checkpoint's byte order is '{order}'; GenMetrics reads little-endian checkpoints only");
    }
}
