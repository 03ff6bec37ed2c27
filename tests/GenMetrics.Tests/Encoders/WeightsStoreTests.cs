using GenMetrics.Encoders;
using GenMetrics.Internals;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Encoders.WeightsTestKit;

namespace GenMetrics.Tests.Encoders;

/// <summary>The store's order (explicit path, verified cache, download), the hash sidecar, the registry and the home folder.</summary>
public class WeightsStoreTests
{
    [Fact]
    public void The_cached_file_is_reused_without_a_request_or_a_rehash()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, Entry(body));
        var first = store.Resolve(Name, null);
        var stages = new List<DownloadStage>();

        var second = Store(home, server.Url, Entry(body)).Resolve(Name, null, new Recorder(stages));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(WeightsOrigin.Cache, second.Origin);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(Sha256(body), second.Sha256);
        Assert.Empty(stages); // the sidecar's hash still matches size and mtime
    }

    [Fact]
    public void Cached_answers_without_a_download_only_for_a_verified_file()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, Entry(body));
        Assert.Null(store.Cached(Name));                                     // nothing cached: no request either
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllBytes(store.CachePath(Name), Seeded(1000, seed: 99));
        Assert.Null(store.Cached(Name));                                     // the wrong hash is not the weights
        File.WriteAllBytes(store.CachePath(Name), body);
        var cached = store.Cached(Name);
        Assert.NotNull(cached);
        Assert.Equal(Sha256(body), cached.Sha256);
        Assert.Equal(WeightsOrigin.Cache, cached.Origin);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public void Encoders_without_downloads_are_available_offline_and_inception_only_with_its_weights()
    {
        using var home = Fixtures.TempDir();
        Assert.True(EncoderRegistry.IsAvailableOffline("random-cnn:3"));
        Assert.True(EncoderRegistry.IsAvailableOffline("pixels:28"));
        Assert.False(EncoderRegistry.IsAvailableOffline("inception", new EncoderOptions { Home = home.Path }));   // an empty cache
        var weights = home.File("weights.pth");
        Assert.False(EncoderRegistry.IsAvailableOffline("inception", new EncoderOptions { Weights = weights }));
        File.WriteAllText(weights, "given weights are taken as they are; opening them checks them");
        Assert.True(EncoderRegistry.IsAvailableOffline("inception", new EncoderOptions { Weights = weights }));
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllText(System.IO.Path.Combine(home.Path, "weights", "pt_inception-2015-12-05-6726825d.pth"), "not the weights");
        Assert.False(EncoderRegistry.IsAvailableOffline("inception", new EncoderOptions { Home = home.Path }));   // cached, but the hash is wrong
        Assert.Throws<InputException>(() => EncoderRegistry.IsAvailableOffline("nope"));
    }

    [Fact]
    public void A_stale_sidecar_is_ignored_and_the_file_rehashed()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, Entry(body));
        var path = store.Resolve(Name, null).Path;
        File.WriteAllText(path + ".sha256", $"{new string('a', 64)} {body.Length} 1\n"); // wrong mtime: not trusted
        var stages = new List<DownloadStage>();

        var again = store.Resolve(Name, null, new Recorder(stages));

        Assert.Equal(Sha256(body), again.Sha256);
        Assert.Contains(DownloadStage.Hashing, stages);
        Assert.StartsWith(Sha256(body), File.ReadAllText(path + ".sha256"));
    }

    [Fact]
    public void A_cached_file_with_the_wrong_hash_is_replaced_by_a_verified_download()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, Entry(body));
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllBytes(store.CachePath(Name), Seeded(1000, seed: 99));

        var file = store.Resolve(Name, null);

        Assert.Equal(WeightsOrigin.Download, file.Origin);
        Assert.Equal(body, File.ReadAllBytes(file.Path));
    }

    [Fact]
    public void Offline_with_a_wrong_cached_file_keeps_it_and_says_its_hash()
    {
        var body = Seeded(1000);
        var wrong = Seeded(1000, seed: 99);
        using var home = Fixtures.TempDir();
        var store = Store(home, $"http://127.0.0.1:{LocalHttpServer.UnusedPort()}/", Entry(body));
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllBytes(store.CachePath(Name), wrong);

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.Contains($"the file already at {store.CachePath(Name)} has SHA-256 starting {Sha256(wrong)[..8]}, expected {Sha256(body)[..8]}", e.Message);
        Assert.EndsWith("or give its path with the 'weights' setting", e.Message);
        Assert.Equal(wrong, File.ReadAllBytes(store.CachePath(Name)));
    }

    [Fact]
    public void An_explicit_path_wins_over_cache_and_network()
    {
        var body = Seeded(5000);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var mine = home.File("mine.pth");
        File.WriteAllBytes(mine, body);

        var file = Store(home, server.Url, Entry(body)).Resolve(Name, mine);

        Assert.Equal((mine, WeightsOrigin.Explicit, true, Sha256(body)), (file.Path, file.Origin, file.MatchesExpected, file.Sha256));
        Assert.Equal(0, server.RequestCount);
        Assert.False(Directory.Exists(System.IO.Path.Combine(home.Path, "weights")));
    }

    [Fact]
    public void An_explicit_path_with_another_hash_is_reported_or_rejected_when_strict()
    {
        var body = Seeded(5000);
        var other = Seeded(5000, seed: 3);
        using var home = Fixtures.TempDir();
        var mine = home.File("other.pth");
        File.WriteAllBytes(mine, other);
        var store = Store(home, "http://127.0.0.1:9/", Entry(body));

        var lenient = store.Resolve(Name, mine);
        var e = Assert.Throws<InputException>(() =>
            new WeightsStore(store.Settings with { VerifyExplicitPath = true }).Resolve(Name, mine));

        Assert.False(lenient.MatchesExpected);
        Assert.Equal(Sha256(other), lenient.Sha256);
        Assert.Equal($"weights: {mine}: SHA-256 starts with {Sha256(other)[..8]}, but weights '{Name}' start with {Sha256(body)[..8]}", e.Message);
    }

    [Fact]
    public void A_missing_explicit_path_is_an_input_error()
    {
        using var home = Fixtures.TempDir();
        var store = Store(home, "http://127.0.0.1:9/", Entry(Seeded(10)));

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, home.File("nope.pth")));

        Assert.Equal($"weights: {home.File("nope.pth")}: file not found", e.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_names()
    {
        using var home = Fixtures.TempDir();
        var store = new WeightsStore(new WeightsStoreSettings { Home = new GenMetricsHome(home.Path) });

        var e = Assert.Throws<InputException>(() => store.Resolve("inception-v4", null));

        Assert.Equal("weights 'inception-v4': unknown name; known weights: " + string.Join(", ", WeightsRegistry.Known.Keys.Order(StringComparer.Ordinal)), e.Message);
        Assert.Contains("inception-2015-12-05", e.Message);
    }

    [Fact]
    public void Every_known_entry_follows_torch_hub_naming()
    {
        foreach (var (name, info) in WeightsRegistry.Known)
        {
            Assert.Equal(name, info.Name);
            var stem = System.IO.Path.GetFileNameWithoutExtension(info.FileName);
            // torch.hub's rule (the hex after the last '-'), or a file without a hash in its name (the LPIPS v0.1
            // linear layers, alex.pth ...) whose full SHA-256 is published instead.
            if (info.Sha256Prefix.Length < 64) Assert.Equal(stem[(stem.LastIndexOf('-') + 1)..], info.Sha256Prefix);
            Assert.Matches("^[0-9a-f]{8,64}$", info.Sha256Prefix);
            Assert.StartsWith("https://", info.Url);
        }
        Assert.Equal("https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/pt_inception-2015-12-05-6726825d.pth",
            WeightsRegistry.Get(WeightsRegistry.InceptionFid).Url);
    }

    [Fact]
    public void Home_follows_GENMETRICS_HOME_then_XDG_CACHE_HOME_then_the_user_cache()
    {
        var user = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string Root(string? home, string? xdg) => GenMetricsHome.DefaultRoot(v => v switch
        {
            "GENMETRICS_HOME" => home,
            "XDG_CACHE_HOME" => xdg,
            _ => null,
        });

        Assert.Equal("/data/gm", Root("/data/gm", "/xdg"));
        Assert.Equal("/xdg/genmetrics", Root(null, "/xdg"));
        Assert.Equal("/xdg/genmetrics", Root("", "/xdg"));
        Assert.Equal(System.IO.Path.Combine(user, ".cache", "genmetrics"), Root(null, "relative/xdg"));
        Assert.Equal(System.IO.Path.Combine(user, ".cache", "genmetrics"), Root(null, null));
    }

    [Fact]
    public void Home_subfolders_are_created_on_demand()
    {
        using var dir = Fixtures.TempDir();
        var home = new GenMetricsHome(dir.File("gm"));

        Assert.False(Directory.Exists(home.Root));
        Assert.True(Directory.Exists(home.Weights));
        Assert.True(Directory.Exists(home.Models));
        Assert.True(Directory.Exists(home.Features));
        Assert.Equal(System.IO.Path.Combine(dir.Path, "gm", "features"), home.Features);
    }

    [Fact]
    public void An_unwritable_home_names_the_folder_and_the_variable()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(dir.File("file"), "not a folder");
        var home = new GenMetricsHome(dir.File("file"));

        var e = Assert.Throws<InputException>(() => home.Weights);

        Assert.StartsWith(System.IO.Path.Combine(dir.Path, "file", "weights") + ": cannot create the GenMetrics cache folder", e.Message);
        Assert.EndsWith("set GENMETRICS_HOME to a writable folder", e.Message);
    }

    private sealed class Recorder(List<DownloadStage> into) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            lock (into) into.Add(value.Stage);
        }
    }
}
