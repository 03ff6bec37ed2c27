using GenMetrics.Formats;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GenMetrics.PublicApi.Tests;

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("genmetrics-publicapi-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class TestData
{
    /// <summary>The repository root (the folder holding README.md and GenMetrics.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "GenMetrics.slnx"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>n seeded RGB images of h x w as one uint8 N x H x W x 3 array (an image input GenMetrics reads).</summary>
    public static byte[] Pixels(int n, int h, int w, int seed)
    {
        var px = new byte[n * h * w * 3];
        new Random(seed).NextBytes(px);
        return px;
    }

    public static string WriteImages(string path, int n, int h, int w, int seed)
    {
        Npy.Write(path, Pixels(n, h, w, seed), n, h, w, 3);
        return path;
    }
}
