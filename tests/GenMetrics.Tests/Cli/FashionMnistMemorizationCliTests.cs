using System.Text.Json;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Cli;

/// <summary>
/// Issue 9: the memorization metrics on real images through the command line: the committed Fashion-MNIST subset (IDX)
/// through the weight-free random CNN. A "generated" set made of training images is caught by C_T, MiFID and
/// authenticity, and the copies list names the copied files (indices for IDX inputs, file names for a folder).
/// </summary>
public class FashionMnistMemorizationCliTests(ITestOutputHelper output)
{
    private static string Sample(string name) => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", name);

    private static readonly string Train = Sample("train-images-idx3-ubyte.gz");
    private static readonly string Test = Sample("t10k-images-idx3-ubyte.gz");

    private JsonElement Eval(TempDir dir, params string[] args)
    {
        var json = dir.File($"r-{Guid.NewGuid():N}.json");
        var (exit, stdout, stderr) = CliHarness.Run([.. args, "-e", "random-cnn", "--no-cache", "-o", json]);
        Assert.True(exit == 0, stderr);
        output.WriteLine(stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Training_images_as_the_generated_set_are_caught_by_ct_mifid_and_authenticity_and_listed_as_copies()
    {
        using var dir = Fixtures.TempDir();
        // Real: the first 1000 test images; generated and train: the first 1000 training images (a model that copies).
        var r = Eval(dir, "eval", Test, Train, "--train", Train, "-n", "1000", "-m", "fid,mifid,ct,authenticity,copies");
        var m = r.GetProperty("metrics");
        double fid = m.GetProperty("fid").GetDouble(), mifid = m.GetProperty("mifid").GetDouble(), ct = m.GetProperty("ct").GetDouble();
        output.WriteLine($"copying: FID {fid:G4}, MiFID {mifid:G4}, C_T {ct:F2}, authenticity {m.GetProperty("authenticity").GetDouble()}");
        // Measured: C_T -23.1 (every cell near its minimum Z), MiFID ~1e14 x FID, authenticity 0, every sample listed.
        Assert.True(ct < -15, $"C_T = {ct}");
        Assert.True(mifid > 1e10 * fid, $"MiFID {mifid} vs FID {fid}");
        Assert.True(m.GetProperty("authenticity").GetDouble() <= 0.01);
        Assert.Equal(1.0, m.GetProperty("copy_fraction").GetDouble());
        var copies = r.GetProperty("details").GetProperty("copies");
        Assert.Equal(Train, copies.GetProperty("generated_source").GetString());
        Assert.Equal(1000, copies.GetProperty("items").GetArrayLength());
        foreach (var item in copies.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(item.GetProperty("generated").GetInt32().ToString(), item.GetProperty("generated_name").GetString());
            Assert.Equal(item.GetProperty("generated_name").GetString(), item.GetProperty("train_name").GetString());
        }
        // Training images the "model" never saw (1000..1999, as a uint8 .npy) against the same training set: no copying.
        using (var source = SampleSources.Open(Train))
        {
            var pixels = new byte[1000 * 28 * 28];
            for (int i = 0; i < 1000; i++)
            {
                var image = source.Read(1000 + i);
                for (int p = 0; p < 28 * 28; p++) pixels[i * 784 + p] = image.Pixels[3 * p];
            }
            GenMetrics.Formats.Npy.Write(dir.File("unseen.npy"), pixels, 1000, 28, 28, 1);
        }
        var heldOut = Eval(dir, "eval", Test, dir.File("unseen.npy"), "--train", Train, "-n", "1000", "-m", "fid,mifid,ct,authenticity,copies");
        var h = heldOut.GetProperty("metrics");
        output.WriteLine($"held out: FID {h.GetProperty("fid").GetDouble():G4}, MiFID {h.GetProperty("mifid").GetDouble():G4}, C_T {h.GetProperty("ct").GetDouble():F2}, " +
                         $"authenticity {h.GetProperty("authenticity").GetDouble():F3}, copies {h.GetProperty("copy_fraction").GetDouble():F3}");
        Assert.True(Math.Abs(h.GetProperty("ct").GetDouble()) < 3);
        // MiFID's eps = 0.1 is calibrated on Inception features; the random CNN's ReLU features are nearly parallel, so
        // unseen images also sit within eps (measured d = 5.4e-4, MiFID = 1.8e3 x FID): the penalty is still ~1e11
        // times smaller than for copies (d ~ 1e-16).
        double penalty = h.GetProperty("mifid").GetDouble() / h.GetProperty("fid").GetDouble();
        Assert.True(penalty < 1e5 && mifid / fid > 1e5 * penalty, $"MiFID / FID: {penalty} held out, {mifid / fid} copies");
        Assert.True(h.GetProperty("mifid_distance").GetDouble() > 1e-4);
        Assert.True(h.GetProperty("authenticity").GetDouble() > 0.3);
        Assert.True(h.GetProperty("copy_fraction").GetDouble() < 0.01);
    }

    [Fact]
    public void The_copies_list_names_the_copied_files_of_a_folder()
    {
        using var dir = Fixtures.TempDir();
        using var train = SampleSources.Open(Train);
        using var test = SampleSources.Open(Test);
        // 40 copies of training images (item i copies training image 100 + i) among 60 test images, in a folder of PNGs.
        var folder = Directory.CreateDirectory(dir.File("generated")).FullName;
        for (int i = 0; i < 100; i++)
        {
            bool copy = i % 5 == 0 || i % 5 == 2;
            var image = copy ? train.Read(100 + i) : test.Read(500 + i);
            WriteGreyPng(Path.Combine(folder, $"{(copy ? "c" : "t")}{i:D3}.png"), image);
        }
        var r = Eval(dir, "eval", Test, folder, "--train", Train, "-m", "copies");
        var items = r.GetProperty("details").GetProperty("copies").GetProperty("items").EnumerateArray().ToList();
        var names = items.Select(x => x.GetProperty("generated_name").GetString()!).ToList();
        output.WriteLine(string.Join(", ", items.Select(x => $"{x.GetProperty("generated_name").GetString()} -> {x.GetProperty("train_name").GetString()}")));
        var expected = Enumerable.Range(0, 100).Where(i => i % 5 == 0 || i % 5 == 2).ToList();
        Assert.Equal(expected.Select(i => $"c{i:D3}.png").Order(), names.Where(n => n.StartsWith('c')).Order());
        foreach (var item in items.Where(x => x.GetProperty("generated_name").GetString()!.StartsWith('c')))
        {
            int i = int.Parse(item.GetProperty("generated_name").GetString()![1..4]);
            Assert.Equal((100 + i).ToString(), item.GetProperty("train_name").GetString());
            Assert.Equal(0.0, item.GetProperty("ratio").GetDouble());
        }
        Assert.True(names.Count(n => n.StartsWith('t')) <= 2, "held-out test images listed: " + string.Join(", ", names.Where(n => n.StartsWith('t'))));
    }

    private static void WriteGreyPng(string path, GenMetrics.Imaging.RgbImage image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var grey = new byte[image.Width * image.Height];
        for (int p = 0; p < grey.Length; p++) grey[p] = image.Pixels[3 * p];
        System.Runtime.InteropServices.Marshal.Copy(grey, 0, bitmap.GetPixels(), grey.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
