using GenMetrics.Formats;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace GenMetrics.Tests.Samples;

/// <summary>Sources against the order, count and decoded pixels that PIL/NumPy give (tests/fixtures/images/sources.json).</summary>
public class SampleSourceTests
{
    private static readonly JsonElement s_sources =
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("images", "sources.json"))).RootElement;

    public static TheoryData<string> SourceKeys()
    {
        var data = new TheoryData<string>();
        foreach (var e in s_sources.EnumerateObject()) data.Add(e.Name);
        return data;
    }

    [Theory, MemberData(nameof(SourceKeys))]
    public void Source_matches_PIL_and_NumPy(string key)
    {
        bool recursive = key.EndsWith(" (recursive)", StringComparison.Ordinal);
        string rel = recursive ? key[..^" (recursive)".Length] : key;
        var expected = s_sources.GetProperty(key);
        using var source = SampleSources.Open(Fixtures.Path(["images", .. rel.Split('/')]), new SampleSourceOptions(Recursive: recursive));
        Assert.Equal(expected.GetProperty("count").GetInt32(), source.Count);
        if (expected.TryGetProperty("names", out var names))
            Assert.Equal(names.EnumerateArray().Select(n => n.GetString()!), source.ItemNames);
        var hashes = expected.GetProperty("sha256").EnumerateArray().Select(h => h.GetString()).ToArray();
        for (int i = 0; i < source.Count; i++)
            Assert.Equal(hashes[i], Convert.ToHexStringLower(SHA256.HashData(source.Read(i).Pixels)));
    }

    [Fact]
    public void Parallel_reads_equal_sequential_reads()
    {
        using var source = SampleSources.Open(Fixtures.Path("images", "decode"));
        var sequential = Enumerable.Range(0, source.Count).Select(i => source.TryRead(i, out var im) ? im.Pixels : null).ToArray();
        var parallel = new byte[]?[source.Count];
        Parallel.For(0, source.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k => parallel[k % source.Count] = source.TryRead(k % source.Count, out var im) ? im.Pixels : null);
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Lossy_flag_follows_extensions()
    {
        using var tree = SampleSources.Open(Fixtures.Path("images", "tree"));
        Assert.True(tree.HasLossyItems);   // B2.jpg
        using var png = SampleSources.Open(Fixtures.Path("images", "decode", "rgb.png"));
        Assert.False(png.HasLossyItems);
        using var zip = SampleSources.Open(Fixtures.Path("images", "tree.zip"));
        Assert.True(zip.HasLossyItems);
        using var npy = SampleSources.Open(Fixtures.Path("images", "arrays", "nhwc.npy"));
        Assert.False(npy.HasLossyItems);
    }

    [Fact]
    public void Content_hash_depends_on_names_and_bytes_not_on_location()
    {
        using var dir = Fixtures.TempDir();
        string a = Directory.CreateDirectory(dir.File("a")).FullName, b = Directory.CreateDirectory(dir.File("b")).FullName;
        foreach (var f in Directory.GetFiles(Fixtures.Path("images", "tree")))
        {
            File.Copy(f, Path.Combine(a, Path.GetFileName(f)));
            File.Copy(f, Path.Combine(b, Path.GetFileName(f)));
        }
        string Hash(string p) { using var s = SampleSources.Open(p); return s.ContentHash(); }
        using (var original = SampleSources.Open(Fixtures.Path("images", "tree"))) Assert.Equal(original.ContentHash(), Hash(a));
        Assert.Equal(Hash(a), Hash(b));
        Assert.Matches("^[0-9a-f]{64}$", Hash(a));
        File.Move(Path.Combine(b, "b.png"), Path.Combine(b, "b2.png"));
        Assert.NotEqual(Hash(a), Hash(b));
        File.Move(Path.Combine(b, "b2.png"), Path.Combine(b, "b.png"));
        File.AppendAllText(Path.Combine(b, "c.bmp"), "x");
        Assert.NotEqual(Hash(a), Hash(b));
        // An archive of the same files under the same names hashes like the folder.
        string zip = dir.File("tree.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
            foreach (var f in Directory.GetFiles(a)) z.CreateEntryFromFile(f, Path.GetFileName(f));
        Assert.Equal(Hash(a), Hash(zip));
        // Arrays hash their pixels: NHWC and NCHW storage of the same images agree.
        Assert.Equal(Hash(Fixtures.Path("images", "arrays", "nhwc.npy")), Hash(Fixtures.Path("images", "arrays", "nhwc_fortran.npy")));
    }

    [Fact]
    public void Corrupt_image_is_an_error_naming_it_or_is_skipped_and_counted()
    {
        using var dir = Fixtures.TempDir();
        File.Copy(Fixtures.Path("images", "decode", "rgb.png"), dir.File("1.png"));
        File.Copy(Fixtures.Path("images", "bad", "truncated.png"), dir.File("2.png"));
        File.Copy(Fixtures.Path("images", "bad", "truncated.jpg"), dir.File("3.jpg"));
        using (var strict = SampleSources.Open(dir.Path))
        {
            Assert.True(strict.TryRead(0, out _));
            var e = Assert.Throws<InputException>(() => strict.TryRead(1, out _));
            Assert.StartsWith(dir.File("2.png") + ": ", e.Message);
            Assert.Empty(strict.Skipped);
        }
        using var lenient = SampleSources.Open(dir.Path, new SampleSourceOptions(SkipInvalid: true));
        var ok = Enumerable.Range(0, lenient.Count).Reverse().Select(i => lenient.TryRead(i, out _)).Reverse().ToArray();
        Assert.Equal([true, false, false], ok);
        Assert.Equal(2, lenient.Skipped.Count);
        Assert.StartsWith(dir.File("2.png") + ": ", lenient.Skipped[0]);   // in item order, whatever the read order
        Assert.StartsWith(dir.File("3.jpg") + ": ", lenient.Skipped[1]);
        Assert.Throws<InputException>(() => lenient.Read(1));                // Read never skips
    }

    [Fact]
    public void Corrupt_zip_member_names_archive_and_member()
    {
        using var dir = Fixtures.TempDir();
        string zip = dir.File("x.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
            z.CreateEntryFromFile(Fixtures.Path("images", "bad", "garbage.png"), "in/garbage.png");
        using var source = SampleSources.Open(zip);
        var e = Assert.Throws<InputException>(() => source.Read(0));
        Assert.StartsWith(zip + ":in/garbage.png: ", e.Message);
    }

    [Fact]
    public void Empty_folder_names_folder_and_extensions()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(dir.File("notes.txt"), "x");
        File.Copy(Fixtures.Path("images", "decode", "rgb.tif"), dir.File("a.tif"));
        var e = Assert.Throws<InputException>(() => SampleSources.Open(dir.Path));
        Assert.StartsWith(dir.Path + ": no images found", e.Message);
        Assert.Contains(".png, .jpg, .jpeg, .bmp, .webp, .gif", e.Message);
        Assert.Contains("1 .tif/.tiff/.pgm/.ppm", e.Message);
        // Images only in a sub-folder: found with Recursive.
        Directory.CreateDirectory(dir.File("sub"));
        File.Copy(Fixtures.Path("images", "decode", "rgb.png"), Path.Combine(dir.Path, "sub", "x.png"));
        Assert.Throws<InputException>(() => SampleSources.Open(dir.Path));
        using var deep = SampleSources.Open(dir.Path, new SampleSourceOptions(Recursive: true));
        Assert.Equal(["sub/x.png"], deep.ItemNames);
    }

    [Fact]
    public void Hidden_files_are_skipped()
    {
        using var dir = Fixtures.TempDir();
        File.Copy(Fixtures.Path("images", "decode", "rgb.png"), dir.File("a.png"));
        File.Copy(Fixtures.Path("images", "bad", "garbage.png"), dir.File("._a.png"));   // macOS AppleDouble file
        using var source = SampleSources.Open(dir.Path);
        Assert.Equal(["a.png"], source.ItemNames);
    }

    [Theory]
    [InlineData("decode/rgb.tif", "cannot be decoded")]
    [InlineData("sources.json", "unsupported input")]
    public void Unsupported_single_file_is_an_error(string rel, string says)
    {
        string path = Fixtures.Path(["images", .. rel.Split('/')]);
        var e = Assert.Throws<InputException>(() => SampleSources.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(says, e.Message);
    }

    [Theory]
    [InlineData("arrays/float32.npy", "'<f4' with shape (4, 5, 7, 3)")]
    [InlineData("arrays/four_channels.npy", "(2, 5, 7, 4)")]
    [InlineData("arrays/two_d.npy", "(5, 7)")]
    [InlineData("arrays/empty.npy", "no images")]
    [InlineData("idx/labels-idx1-ubyte", "(5)")]
    [InlineData("idx/truncated-idx3-ubyte", "needs 120 bytes")]
    [InlineData("missing.png", "no such file")]
    public void Bad_arrays_are_errors_with_the_shape(string rel, string says)
    {
        string path = Fixtures.Path(["images", .. rel.Split('/')]);
        var e = Assert.Throws<InputException>(() => SampleSources.Open(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void Npz_with_several_arrays_takes_images_or_x_else_names_them()
    {
        using (var two = SampleSources.Open(Fixtures.Path("images", "arrays", "two.npz")))   // 'labels' and 'x'
            Assert.Equal(4, two.Count);
        using var dir = Fixtures.TempDir();
        string path = dir.File("ab.npz");
        var image = NpyArray.From<byte>(new byte[2 * 3 * 4], [2, 3, 4]);
        Npz.Write(path, [new("a", image), new("b", image)]);
        var e = Assert.Throws<InputException>(() => SampleSources.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
        Npz.Write(path, [new("a", image), new("images", image)]);
        using var named = SampleSources.Open(path);
        Assert.Equal(2, named.Count);
    }

    [Fact]
    public void A_finder_zip_skips_macosx_forks_and_hidden_files_and_takes_its_single_folder_as_top_level()
    {
        using var dir = Fixtures.TempDir();
        string zip = dir.File("finder.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            z.CreateEntryFromFile(Fixtures.Path("images", "decode", "rgb.png"), "images/x.png");
            z.CreateEntryFromFile(Fixtures.Path("images", "decode", "grey.png"), "images/y.png");
            foreach (var junk in new[] { "__MACOSX/images/._x.png", "images/.DS_Store", "images/._y.png" })   // AppleDouble forks, Finder metadata
                using (var stream = z.CreateEntry(junk).Open()) stream.Write([0, 5, 22, 7]);
            z.CreateEntryFromFile(Fixtures.Path("images", "decode", "palette.png"), "images/more/z.png");
        }
        using (var top = SampleSources.Open(zip))
        {
            Assert.Equal(["images/x.png", "images/y.png"], top.ItemNames);
            Assert.All(Enumerable.Range(0, top.Count), i => top.Read(i));
        }
        using var all = SampleSources.Open(zip, new SampleSourceOptions(Recursive: true));
        Assert.Equal(["images/more/z.png", "images/x.png", "images/y.png"], all.ItemNames);
    }

    [Fact]
    public void Zips_and_folders_search_sub_folders_alike()
    {
        string Names(string path, bool recursive)
        {
            using var s = SampleSources.Open(path, new SampleSourceOptions(recursive));
            return string.Join(",", s.ItemNames);
        }
        Assert.Equal(Names(Fixtures.Path("images", "tree"), false), Names(Fixtures.Path("images", "tree.zip"), false));
        Assert.Equal(Names(Fixtures.Path("images", "tree"), true), Names(Fixtures.Path("images", "tree.zip"), true));
        using var dir = Fixtures.TempDir();
        string nested = dir.File("nested.zip");
        using (var z = ZipFile.Open(nested, ZipArchiveMode.Create))
        {
            z.CreateEntryFromFile(Fixtures.Path("images", "decode", "rgb.png"), "a/b/x.png");
            z.CreateEntryFromFile(Fixtures.Path("images", "decode", "rgb.png"), "c/y.png");
        }
        var e = Assert.Throws<InputException>(() => SampleSources.Open(nested));
        Assert.Contains("2 in sub-folders, which are searched only with recursion", e.Message);
    }
}
