using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace GenMetrics.Formats;

/// <summary>
/// A float32 C-order N x D .npy mapped into memory read-only, as a <see cref="FeatureMatrix"/>: nothing is read until
/// a metric touches the rows, so a stored reference set whose statistics answer FID never pages in its features.
/// The mapping lives as long as the process (references are opened once per run).
/// </summary>
internal static unsafe class MappedFeatures
{
    /// <summary>The features of <paramref name="path"/>, mapped when they are native float32 in C order, else read whole.</summary>
    /// <exception cref="InputException">The file is not N x D features.</exception>
    public static FeatureMatrix Open(string path, string name)
    {
        NpyHeader header;
        long dataStart, length;
        using (var file = FileInput.OpenRead(path))
        {
            header = NpyHeader.Read(file, path);
            dataStart = file.Position;
            length = file.Length;
        }
        if (header.Shape is not [var n, var d] || header.DType != NpyDType.Float32 || header.FortranOrder || n * d > Array.MaxLength || n == 0 || d == 0
            || length - dataStart < header.ByteCount)
            return FeatureFile.Read(path);
        var mapped = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* at = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref at);
        var manager = new Manager((float*)(at + view.PointerOffset + dataStart), checked((int)(n * d)), mapped, view);
        return new FeatureMatrix(manager.Memory, (int)n, (int)d, name);
    }

    private sealed class Manager(float* data, int length, MemoryMappedFile file, MemoryMappedViewAccessor view) : MemoryManager<float>
    {
        // Kept alive with the manager: the mapping is released when the process ends.
        private readonly MemoryMappedFile _file = file;
        private readonly MemoryMappedViewAccessor _view = view;

        public override Span<float> GetSpan() => new(data, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(data + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
