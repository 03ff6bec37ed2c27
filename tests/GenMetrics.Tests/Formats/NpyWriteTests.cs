using GenMetrics.Internals;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Formats.FormatFixtures;

namespace GenMetrics.Tests.Formats;

public class NpyWriteTests
{
    [Fact]
    public void Writes_the_bytes_np_save_writes()
    {
        using var dir = Fixtures.TempDir();
        var f4 = Enumerable.Range(0, 12).Select(i => (float)i / 3f).ToArray();   // np.arange(12, float32) / 3
        Npy.Write(dir.File("f4.npy"), f4, 3, 4);
        AssertSameBytes("written/f4_3x4.npy", dir.File("f4.npy"));

        var f8 = Enumerable.Range(0, 6).Select(i => i / 3.0).ToArray();
        Npy.Write(dir.File("f8.npy"), f8, 2, 3);
        AssertSameBytes("written/f8_2x3.npy", dir.File("f8.npy"));

        var u1 = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();
        Npy.Write(dir.File("u1.npy"), u1, 2, 2, 3);
        AssertSameBytes("written/u1_2x2x3.npy", dir.File("u1.npy"));

        Npy.Write(dir.File("f4_7.npy"), Enumerable.Range(0, 7).Select(i => (float)i).ToArray(), 7);
        AssertSameBytes("written/f4_7.npy", dir.File("f4_7.npy"));

        Npy.Write(dir.File("scalar.npy"), [0.5]);
        AssertSameBytes("written/f8_scalar.npy", dir.File("scalar.npy"));

        Npy.Write(dir.File("empty.npy"), ReadOnlySpan<float>.Empty, 0, 2048);
        AssertSameBytes("written/f4_0x2048.npy", dir.File("empty.npy"));
    }

    [Fact]
    public void Header_matches_numpy_for_large_and_long_shapes()
    {
        foreach (var h in Manifest.GetProperty("written_headers").EnumerateArray())
        {
            var dtype = NpyDType.TryParse(h.GetProperty("descr").GetString()!)!.Value;
            var header = new NpyHeader(dtype, false, Longs(h.GetProperty("shape")));
            Assert.Equal(h.GetProperty("hex").GetString(), Convert.ToHexStringLower(header.ToBytes()));
        }
    }

    [Fact]
    public void Round_trips_through_the_reader()
    {
        using var dir = Fixtures.TempDir();
        var values = Enumerable.Range(0, 35).Select(i => MathF.Sin(i) * 1e3f).ToArray();
        Npy.Write(dir.File("x.npy"), values, 7, 5);
        var m = Npy.ReadFeatures(dir.File("x.npy"));
        Assert.Equal((7, 5), (m.Rows, m.Columns));
        Assert.Equal(values, m.Span.ToArray());

        var doubles = values.Select(v => v / 7.0).ToArray();
        Npy.Write(dir.File("x.npy"), doubles, 5, 7);   // replaces the file
        Assert.Equal(doubles, Npy.Read(dir.File("x.npy")).ToDouble());
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Wrong_length_throws_before_creating_anything()
    {
        using var dir = Fixtures.TempDir();
        Assert.Throws<ArgumentException>(() => Npy.Write(dir.File("x.npy"), new float[5], 2, 3));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_failed_write_leaves_no_file_and_keeps_the_old_one()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("x.npy");
        using (var file = OutputFile.Create(path))
        {
            file.Stream.Write(new byte[1000]);
            // an exception here would dispose without Commit
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => WriteThenFail(path));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Writing_into_a_missing_folder_is_an_input_error_naming_the_path()
    {
        var e = Assert.Throws<InputException>(() => Npy.Write("/nonexistent-genmetrics/x.npy", new float[1], 1));
        Assert.StartsWith("/nonexistent-genmetrics/x.npy: cannot write", e.Message);
    }

    private static void WriteThenFail(string path)
    {
        using var file = OutputFile.Create(path);
        file.Stream.Write(new byte[1000]);
        throw new InvalidOperationException("simulated failure while writing");
    }

    private static void AssertSameBytes(string reference, string written) =>
        Assert.Equal(Convert.ToHexStringLower(File.ReadAllBytes(Path(reference))), Convert.ToHexStringLower(File.ReadAllBytes(written)));
}
