using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Fuzz;

/// <summary>
/// The inputs in tests/fixtures/fuzz (see its README): what the fuzzers (fuzz/run.sh) found breaking the readers'
/// contract, minimised with afl-tmin, and the hand-made headers of issue 7. Each must give an InputException that
/// names the file and the problem: never another exception, and nothing allocated for a size the file only claims.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly Dictionary<string, Action<string>> s_readers = new()
    {
        ["FeatureSet.Load"] = p => FeatureSet.Load(p),
        ["Npy.Read"] = p => Npy.Read(p),
        ["Npy.ReadFeatures"] = p => Npy.ReadFeatures(p),
        ["Npz.ListArrays"] = p => Npz.ListArrays(p),
        ["Npz.ReadArray"] = p => Npz.ReadArray(p, "x"),
        ["StatsFile.Read"] = p => StatsFile.Read(p),
        ["ZipSource"] = p => ReadAll(ZipSource.Open(p, new SampleSourceOptions())),
        ["SampleSources.Open"] = p => ReadAll(SampleSources.Open(p)),
        ["TorchCheckpoint.ReadStateDict"] = p =>
        {
            foreach (var t in TorchCheckpoint.ReadStateDict(p).Values) t.ToFloat64();
        },
        ["ImageDecoder.Decode"] = p => ImageDecoder.Decode(File.ReadAllBytes(p), p),
        ["Idx.Read"] = p => Idx.Read(p),
        ["OnnxFileEncoder.Open"] = p => OnnxFileEncoder.Open(p, new TorchvisionPreprocessing { Size = 32 }, threads: 1).Dispose(),
        ["ShardMerge.Merge"] = p =>
        {
            using var dir = Fixtures.TempDir();
            GenMetrics.Sharding.ShardMerge.Merge([p], dir.File("merged" + GenMetrics.Sharding.ShardMerge.OutputExtension(GenMetrics.Sharding.PartFile.Read(p).Kind)));
        },
    };

    /// <summary>(fixture, reader, a fragment the message must hold).</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // A zip whose end-of-central-directory record counts entries the directory lacks: ZipArchive opens it and
        // throws InvalidDataException only when the entries are first listed.
        { "zip_entry_count.npz", "FeatureSet.Load", "not a valid .npz (zip) file (Number of entries expected" },
        { "zip_entry_count.npz", "Npz.ListArrays", "not a valid .npz (zip) file" },
        { "zip_entry_count.npz", "StatsFile.Read", "not a valid .npz (zip) file" },
        { "zip_entry_count.npz", "ZipSource", "not a valid zip archive" },
        { "zip_entry_count.npz", "TorchCheckpoint.ReadStateDict", "not a PyTorch checkpoint (a damaged or truncated zip archive" },
        // Headers whose shape is larger than any file or than this file (issue 7: these were called "malformed").
        { "npy_shape_overflow.npy", "Npy.Read", "the .npy header's shape (10000000000, 10000000000) of dtype '<f4' needs 400000000000000000000 bytes of data, larger than any file can hold" },
        { "npy_shape_overflow.npy", "FeatureSet.Load", "larger than any file can hold" },
        { "npy_dimension_beyond_int64.npy", "Npy.ReadFeatures", "the .npy header's shape has a dimension of 100000000000000000000 elements, larger than any file can hold" },
        { "npy_shape_larger_than_file.npy", "Npy.ReadFeatures", "the .npy header's shape (1000000000, 1000) of dtype '<f4' needs 4000000000000 bytes of data, larger than the file (16 bytes after the header)" },
        { "npy_shape_larger_than_file.npy", "Npy.Read", "larger than the file (16 bytes after the header)" },
        // Zip members whose declared size no compressed data can reach: new byte[4127195949] threw OverflowException,
        // 808 MB were allocated for a 3.8 KB archive (and for a 966-byte checkpoint's data.pkl).
        { "zip_member_length_overflow.zip", "ZipSource", "corrupt archive member 'B2.jpg' (it claims 4127195949 bytes, more than its 813 compressed bytes can hold)" },
        { "zip_member_claims_more.zip", "ZipSource", "corrupt archive member '0.PNG' (it claims 808464432 bytes, more than its 304 compressed bytes can hold)" },
        { "zip_member_claims_more.zip", "SampleSources.Open", "corrupt archive member '0.PNG'" },
        { "torch_pickle_claims_more.pth", "TorchCheckpoint.ReadStateDict", "corrupt archive member '000000000/data.pkl' (its compressed size 808464432 is larger than the 966-byte archive)" },
        // Images whose header claims far more pixels than the file holds: up to 1 GB allocated before decoding failed.
        { "png16_claims_more.png", "ImageDecoder.Decode", "the image is corrupt (the header claims 3158064 x 48 pixels, more than its 0 bytes of compressed data can hold)" },
        { "png_claims_more.png", "ImageDecoder.Decode", "the image is corrupt (the header claims 12673 x 16128 pixels, more than a 35-byte file can plausibly hold)" },
        { "gif_claims_more.gif", "ImageDecoder.Decode", "the image is corrupt (the header claims 12336 x 12336 pixels, more than a 14-byte file can plausibly hold)" },
        // Corrupt zlib data in a 16-bit PNG: ZLibException (an IOException) escaped.
        { "png16_zlib_error.png", "ImageDecoder.Decode", "the image is truncated or corrupt (" },
        // Hand-made: IDX dimensions whose product wraps a long to 0, the length of the (empty) data; it was accepted as
        // 4194304 images of 2097152 x 2097152.
        { "idx_shape_wraps_to_zero", "Idx.Read", "IDX shape (4194304, 2097152, 2097152) needs 18446744073709551616 bytes of data, the file holds 0" },
        { "idx_shape_wraps_to_zero", "SampleSources.Open", "needs 18446744073709551616 bytes of data" },
        // An ONNX model without outputs: ArgumentOutOfRangeException from OutputNames[0].
        { "onnx_no_outputs.onnx", "OnnxFileEncoder.Open", "the model has no outputs; an image encoder gives one" },
        // k-NN parts (eval --shard) whose record lacks the real or the generated input (a role renamed): merge looked
        // the input up with First and threw InvalidOperationException.
        { "part_no_real_input.npz", "ShardMerge.Merge", "not a valid GenMetrics part (no 'real' input)" },
        { "part_no_generated_input.npz", "ShardMerge.Merge", "not a valid GenMetrics part (no 'generated' input)" },
        // A part of shard 0/0: the Shard constructor's InputException did not name the file.
        { "part_shard_count_zero.npz", "ShardMerge.Merge", "not a valid GenMetrics part (shard: 0/0: the shard count must be at least 1)" },
        // A statistics part whose sums are finite but whose covariance overflows: StatsFile.Write's ArgumentException.
        { "part_statistics_overflow.npz", "ShardMerge.Merge", "the merged mean or covariance is not finite" },
        // A digit of long.MinValue in a statistics part's exact sums: Math.Abs threw OverflowException.
        { "part_digit_min_value.npz", "ShardMerge.Merge", "-9223372036854775808 cannot come from 1 additions" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_fuzzed_input_is_an_InputException_naming_the_file(string fixture, string reader, string problem)
    {
        var path = Fixtures.Path("fuzz", fixture);
        Assert.True(File.Exists(path), path);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => s_readers[reader](path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith(path, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.True(allocated < 32L << 20, $"{reader} allocated {allocated} bytes for the {new FileInfo(path).Length}-byte {fixture}");
    }

    [Fact]
    public void An_empty_tensor_may_have_its_offset_past_the_end_of_its_storage()
    {
        // torch's set_ checks bounds only for tensors with elements; slicing the storage at the offset threw
        // ArgumentOutOfRangeException.
        var tensors = TorchCheckpoint.ReadStateDict(Fixtures.Path("fuzz", "torch_empty_tensor_offset.pth")).Values;
        Assert.Contains(tensors, t => t.Count == 0);
        foreach (var t in tensors)
        {
            Assert.Equal(t.Count, t.ToFloat32().Length);
            Assert.Equal(t.Count, t.ToFloat64().Length);
        }
    }

    [Fact]
    public void An_ONNX_model_that_fails_when_probed_for_its_feature_size_is_an_InputException()
    {
        // Hand-made next to the fuzzed model above: a symbolic output size is found by one run, which this model
        // fails (the top 1000 of 32 values); OnnxRuntimeException escaped from Open.
        using var dir = Fixtures.TempDir();
        var b = new OnnxModelBuilder("probe");
        b.AddInput("x", "N", 3, "S", "S");
        b.AddInitializerInt64("k", [1], [1000]);
        b.AddNode("TopK", ["x", "k"], ["top", "indices"], OnnxAttribute.Int("axis", 2));
        b.Node("Flatten", ["top"], "y", OnnxAttribute.Int("axis", 1));
        b.AddOutput("y", "N", "D");
        var path = dir.File("fails.onnx");
        File.WriteAllBytes(path, b.ToBytes());
        var e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 32 }, threads: 1));
        Assert.StartsWith($"{path}: the model fails on a blank 1 x 3 x 32 x 32 input, run to find the size of output 'y': ", e.Message);
    }

    [Fact]
    public void MARK_and_POP_MARK_do_not_copy_the_stack()
    {
        // Hand-made: 100000 Nones, then 100000 times MARK, POP_MARK. Each MARK copied the whole stack: 80 GB of
        // copies and 13 s for this 400 KB pickle. Now each item is moved at most once.
        const int k = 100_000;
        var pickle = new List<byte> { 0x80, 2 };
        pickle.AddRange(Enumerable.Repeat((byte)'N', k));
        for (int i = 0; i < k; i++) pickle.AddRange("(1"u8.ToArray());
        pickle.AddRange(Enumerable.Repeat((byte)'0', k - 1));
        pickle.Add((byte)'.');
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(PickleReader.Load(new MemoryStream([.. pickle]), "marks.pkl", new PickleHost()));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20);
    }

    [Fact]
    public void Tensor_strides_that_overflow_are_refused()
    {
        // Hand-made: a 2 x 2 x 2 x 2 tensor with strides 2^62 puts its last element at 4 * 2^62, which wrapped to 0
        // and passed the bounds check (reading it then overflowed).
        var host = new TorchPickleHost("strides.pth");
        var storage = host.PersistentLoad(new object?[] { "storage", host.FindGlobal("torch", "FloatStorage", "s"), "0", "cpu", 16L }, "s");
        var rebuild = host.FindGlobal("torch._utils", "_rebuild_tensor_v2", "s");
        long big = 1L << 62, n = 2;
        object?[] args = [storage, 0L, new object?[] { n, n, n, n }, new object?[] { big, big, big, big }, false, null];
        var e = Assert.Throws<InputException>(() => host.Call(rebuild, args, "s"));
        Assert.StartsWith("strides.pth: corrupt checkpoint: a tensor whose strides (4611686018427387904, 4611686018427387904, 4611686018427387904, 4611686018427387904) reach beyond 2^63 elements", e.Message);
    }

    [Fact]
    public void Every_fixture_has_a_case()
    {
        var covered = Cases.Select(c => (string)c[0]).Append("torch_empty_tensor_offset.pth").ToHashSet();
        var files = Directory.GetFiles(Fixtures.Path("fuzz")).Select(System.IO.Path.GetFileName).Where(f => f != "README.md");
        Assert.DoesNotContain(files, f => !covered.Contains(f!));
    }

    private static void ReadAll(ISampleSource source)
    {
        using (source)
            for (int i = 0; i < source.Count; i++) source.Read(i);
    }
}
