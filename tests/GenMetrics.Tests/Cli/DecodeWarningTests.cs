using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Warnings raised while decoding reach the result, also when the features come from the cache.</summary>
[Collection("GENMETRICS_HOME")]
public sealed class DecodeWarningTests : IDisposable
{
    private readonly TempDir _dir = Fixtures.TempDir();
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");

    public DecodeWarningTests() => Environment.SetEnvironmentVariable("GENMETRICS_HOME", _dir.File("home"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        _dir.Dispose();
    }

    [Fact]
    public void A_16_bit_png_clipped_to_white_is_warned_about_also_from_the_cache()
    {
        var folder = Directory.CreateDirectory(_dir.File("imgs")).FullName;
        foreach (var name in new[] { "grey16.png", "grey.png", "rgb.png" })
            File.Copy(Fixtures.Path("images", "decode", name), Path.Combine(folder, name));
        const string warning = "1 16-bit greyscale PNG(s) had values above 255, clipped to 255";

        var (exit, _, err) = CliHarness.Run("features", folder, "--encoder", "random-cnn", "-o", _dir.File("f.npy"));
        Assert.True(exit == 0, err);
        Assert.Contains(warning, err);
        foreach (var run in new[] { "computed", "cached" })
        {
            (exit, _, err) = CliHarness.Run("eval", folder, folder, "--encoder", "random-cnn", "-m", "fid", "-q");
            Assert.True(exit == 0, err);
            Assert.Contains(warning, err);
        }
        Assert.NotEmpty(Directory.GetFiles(_dir.File("home"), "*.warnings.txt", SearchOption.AllDirectories));
    }
}
