using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Samples;

/// <summary>SampleWriter: what it writes reads back as the same pixels, in order; bad requests leave nothing.</summary>
public class SampleWriterTests
{
    private static List<RgbImage> Images(int n, bool grey)
    {
        var rng = new Random(9);
        var list = new List<RgbImage>();
        for (int i = 0; i < n; i++)
        {
            var px = new byte[13 * 17 * 3];
            rng.NextBytes(px);
            if (grey)
                for (int p = 0; p < 13 * 17; p++) px[3 * p + 1] = px[3 * p + 2] = px[3 * p];
            list.Add(new RgbImage(17, 13, px, $"img{i}") { StoredGreyscale = grey });
        }
        return list;
    }

    [Theory]
    [InlineData("out", false)]
    [InlineData("out.zip", false)]
    [InlineData("out.npz", false)]
    [InlineData("out", true)]
    [InlineData("out.npz", true)]
    public void Written_samples_read_back_as_the_same_pixels(string name, bool grey)
    {
        using var dir = Fixtures.TempDir();
        var images = Images(11, grey);
        using var source = SampleSources.FromImages(images, "mem");
        var path = dir.File(name);
        Assert.Equal(11, SampleWriter.Write(source, path));
        using var back = SampleSources.Open(path);
        Assert.Equal(11, back.Count);
        for (int i = 0; i < 11; i++) Assert.Equal(images[i].Pixels, back.Read(i).Pixels);
        if (name == "out") Assert.Equal("000000.png", back.ItemNames[0]);
        if (name == "out.npz") Assert.Equal(grey ? [11L, 13, 17] : [11L, 13, 17, 3], Npz.ReadArray(path, "images").Shape);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path, ".*"));
    }

    [Fact]
    public void Npz_refuses_images_of_different_sizes_and_leaves_nothing()
    {
        using var dir = Fixtures.TempDir();
        var images = Images(3, false);
        images.Add(new RgbImage(5, 5, new byte[75], "odd"));
        using var source = SampleSources.FromImages(images, "mem");
        var e = Assert.Throws<InputException>(() => SampleWriter.Write(source, dir.File("x.npz")));
        Assert.Contains("odd: 5 x 5, but the first image is 17 x 13", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Latents_only_of_a_generator()
    {
        using var dir = Fixtures.TempDir();
        using var source = SampleSources.FromImages(Images(2, false), "mem");
        var e = Assert.Throws<InputException>(() => SampleWriter.Write(source, dir.File("x"), saveLatents: true));
        Assert.Equal("save_latents", e.Setting);
    }

    [Fact]
    public void File_names_sort_in_item_order()
    {
        Assert.Equal("000007.png", SampleWriter.FileName(7, 10));
        Assert.Equal("0000007.png", SampleWriter.FileName(7, 1_000_001));
    }
}
