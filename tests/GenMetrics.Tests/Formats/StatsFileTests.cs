using System.IO.Compression;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Formats.FormatFixtures;

namespace GenMetrics.Tests.Formats;

public class StatsFileTests
{
    private static double[] Mu => Numbers(Manifest.GetProperty("stats").GetProperty("mu"));
    private static double[] Sigma => Numbers(Manifest.GetProperty("stats").GetProperty("sigma"));

    [Fact]
    public void Reads_pytorch_fid_statistics()
    {
        var s = StatsFile.Read(Path("npz/stats.npz"));
        Assert.Equal(4, s.Dimension);
        Assert.Equal(Mu, s.Mean.ToArray());
        Assert.Equal(Sigma, s.Covariance.ToArray());
    }

    [Fact]
    public void Accepts_float32_statistics_deflated_and_in_any_member_order()
    {
        var s = StatsFile.Read(Path("npz/stats_f4.npz"));
        Assert.Equal(Mu.Select(v => (double)(float)v), s.Mean.ToArray());
        Assert.Equal(Sigma.Select(v => (double)(float)v), s.Covariance.ToArray());
    }

    [Theory]
    [InlineData("bad/stats_no_sigma.npz", "no array 'sigma' (found arrays 'mu', 'other')")]
    [InlineData("bad/stats_shape.npz", "'mu' has shape (4,) and 'sigma' has shape (3, 3)")]
    [InlineData("bad/stats_nan.npz", "'sigma'[1, 2] is NaN")]
    [InlineData("bad/stats_empty.npz", "empty statistics")]
    [InlineData("arrays/features_6x5.npy", "not a statistics file")]
    public void Rejects_bad_statistics_naming_the_file_and_problem(string file, string problem)
    {
        var e = Assert.Throws<InputException>(() => StatsFile.Read(Path(file)));
        Assert.StartsWith(Path(file) + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Writes_what_np_savez_writes()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("s.npz");
        StatsFile.Write(path, Mu, Sigma, 4);
        var s = StatsFile.Read(path);
        Assert.Equal(Mu, s.Mean.ToArray());
        Assert.Equal(Sigma, s.Covariance.ToArray());
        // Member names, order and bytes equal numpy's (zip timestamps differ).
        using var ours = ZipFile.OpenRead(path);
        using var theirs = ZipFile.OpenRead(Path("written/stats.npz"));
        Assert.Equal(theirs.Entries.Select(e => e.FullName), ours.Entries.Select(e => e.FullName));
        foreach (var entry in theirs.Entries)
        {
            Assert.Equal(Bytes(entry), Bytes(ours.GetEntry(entry.FullName)!));
            Assert.Equal(ours.GetEntry(entry.FullName)!.Length, ours.GetEntry(entry.FullName)!.CompressedLength);
        }
    }

    [Fact]
    public void Tells_statistics_from_features()
    {
        Assert.True(StatsFile.IsStatsFile(Path("npz/stats.npz")));
        Assert.True(StatsFile.IsStatsFile(Path("npz/stats_f4.npz")));
        Assert.False(StatsFile.IsStatsFile(Path("npz/compressed_feats.npz")));
        Assert.False(StatsFile.IsStatsFile(Path("arrays/features_6x5.npy")));
        Assert.Throws<InputException>(() => StatsFile.IsStatsFile(Path("bad/garbage.npz")));
    }

    [Fact]
    public void Write_rejects_inconsistent_or_non_finite_statistics()
    {
        using var dir = Fixtures.TempDir();
        Assert.Throws<ArgumentException>(() => StatsFile.Write(dir.File("s.npz"), Mu, Sigma.AsSpan(1), 4));
        Assert.Throws<ArgumentException>(() => StatsFile.Write(dir.File("s.npz"), [double.NaN], [1.0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StatsFile.Write(dir.File("s.npz"), [], [], 0));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
