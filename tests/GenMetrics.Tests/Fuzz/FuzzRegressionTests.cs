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
    };

    /// <summary>(fixture, reader, a fragment the message must hold).</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // Headers whose shape is larger than any file or than this file (issue 7: these were called "malformed").
        { "npy_shape_overflow.npy", "Npy.Read", "the .npy header's shape (10000000000, 10000000000) of dtype '<f4' needs 400000000000000000000 bytes of data, larger than any file can hold" },
        { "npy_shape_overflow.npy", "FeatureSet.Load", "larger than any file can hold" },
        { "npy_dimension_beyond_int64.npy", "Npy.ReadFeatures", "the .npy header's shape has a dimension of 100000000000000000000 elements, larger than any file can hold" },
        { "npy_shape_larger_than_file.npy", "Npy.ReadFeatures", "the .npy header's shape (1000000000, 1000) of dtype '<f4' needs 4000000000000 bytes of data, larger than the file (16 bytes after the header)" },
        { "npy_shape_larger_than_file.npy", "Npy.Read", "larger than the file (16 bytes after the header)" },
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
    public void Every_fixture_has_a_case()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        var files = Directory.GetFiles(Fixtures.Path("fuzz")).Select(System.IO.Path.GetFileName).Where(f => f != "README.md");
        Assert.DoesNotContain(files, f => !covered.Contains(f!));
    }

    private static void ReadAll(ISampleSource source)
    {
        using (source)
            for (int i = 0; i < source.Count; i++) source.Read(i);
    }
}
