using System.IO.Compression;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Formats.FormatFixtures;

namespace GenMetrics.Tests.Formats;

public class NpzTests
{
    private static float[] X => [.. Numbers(Manifest.GetProperty("npz_x")).Select(v => (float)v)];

    [Fact]
    public void Lists_and_reads_arrays_of_np_savez()
    {
        Assert.Equal(["a", "b"], Npz.ListArrays(Path("npz/two.npz")));
        Assert.Equal(X, Npz.ReadArray(Path("npz/two.npz"), "a").ToSingle());
        Assert.Equal([0.0, 1.0, 2.0], Npz.ReadArray(Path("npz/two.npz"), "b").ToDouble());
        Assert.Empty(Npz.ListArrays(Path("npz/empty.npz")));
    }

    [Fact]
    public void Reads_deflated_members_of_np_savez_compressed()
    {
        Assert.Equal(X, Npz.ReadArray(Path("npz/compressed_feats.npz"), "feats").ToSingle());
        Assert.Equal([0.0, 1, 2, 3], Npz.ReadArray(Path("npz/compressed_feats.npz"), "labels").ToDouble());
    }

    [Theory]
    [InlineData("npz/single.npz")]            // the only array, 'x'
    [InlineData("npz/compressed_feats.npz")]  // 'feats', as clean-fid's _kid.npz, deflated
    [InlineData("npz/features_key.npz")]      // 'features', big-endian float64 in Fortran order
    public void ReadFeatures_picks_the_features_array(string file)
    {
        var m = Npy.ReadFeatures(Path(file));
        Assert.Equal((4, 5), (m.Rows, m.Columns));
        Assert.Equal(X, m.Span.ToArray());
        Assert.Equal(Path(file), m.Source);
    }

    [Fact]
    public void ReadFeatures_without_a_clear_choice_lists_the_keys()
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures(Path("npz/two.npz")));
        Assert.StartsWith(Path("npz/two.npz") + ": ", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
    }

    [Fact]
    public void A_missing_key_lists_the_keys_present()
    {
        var e = Assert.Throws<InputException>(() => Npz.ReadArray(Path("npz/two.npz"), "c"));
        Assert.Equal($"{Path("npz/two.npz")}: no array 'c'; the archive holds arrays 'a', 'b'", e.Message);
    }

    [Theory]
    [InlineData("bad/truncated.npz")]
    [InlineData("bad/garbage.npz")]
    public void A_corrupt_archive_names_the_file(string file)
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures(Path(file)));
        Assert.StartsWith(Path(file) + ": ", e.Message);
        e = Assert.Throws<InputException>(() => Npz.ListArrays(Path(file)));
        Assert.StartsWith(Path(file) + ": not a valid .npz", e.Message);
    }

    [Fact]
    public void A_corrupt_deflated_member_names_the_file()
    {
        using var dir = Fixtures.TempDir();
        var bytes = File.ReadAllBytes(Path("npz/compressed_feats.npz"));
        for (int i = 60; i < 90; i++) bytes[i] ^= 0x5A;   // inside the first member's deflate stream
        File.WriteAllBytes(dir.File("c.npz"), bytes);
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures(dir.File("c.npz")));
        Assert.StartsWith(dir.File("c.npz") + ": ", e.Message);
    }

    [Fact]
    public void Writes_stored_members_that_round_trip()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("w.npz");
        Npz.Write(path, [
            new("feats", NpyArray.From<float>(X, [4, 5])),
            new("img", NpyArray.From<byte>([1, 2, 3, 4, 5, 6], [1, 2, 3])),
        ]);
        Assert.Equal(["feats", "img"], Npz.ListArrays(path));
        Assert.Equal(X, Npy.ReadFeatures(path).Span.ToArray());
        Assert.Equal([1, 2, 3, 4, 5, 6], Npz.ReadArray(path, "img").ToBytes());
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries) Assert.Equal(entry.Length, entry.CompressedLength);   // stored, as np.savez
        // Each member is exactly what np.save writes for the array.
        using var s = zip.GetEntry("feats.npy")!.Open();
        var member = new MemoryStream();
        s.CopyTo(member);
        Assert.Equal(File.ReadAllBytes(Path("arrays/features_6x5.npy")).AsSpan(0, 10).ToArray(), member.ToArray().AsSpan(0, 10).ToArray());
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
