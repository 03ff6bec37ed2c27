using GenMetrics.Encoders;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Encoders.WeightsTestKit;

namespace GenMetrics.Tests.Encoders;

/// <summary>The downloader against a local HTTP server on 127.0.0.1: verify, reject, resume, restart, lock.</summary>
public class WeightsDownloadTests
{
    [Fact]
    public void A_small_file_downloads_and_verifies()
    {
        var body = Seeded();
        var entry = Entry(body);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var progress = new List<DownloadProgress>();

        var file = Store(home, server.Url, entry).Resolve(Name, null, new SyncProgress(progress));

        Assert.Equal(WeightsOrigin.Download, file.Origin);
        Assert.True(file.MatchesExpected);
        Assert.Equal(Sha256(body), file.Sha256);
        Assert.Equal(System.IO.Path.Combine(home.Path, "weights", entry.FileName), file.Path);
        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.False(File.Exists(file.Path + ".part"));
        Assert.StartsWith(Sha256(body) + " ", File.ReadAllText(file.Path + ".sha256"));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/" + entry.FileName, (string?)null), (request.Method, request.Path, request.Range));
        Assert.Contains(progress, p => p.Stage == DownloadStage.Downloading && p.Bytes == body.Length && p.TotalBytes == body.Length);
        Assert.Contains(progress, p => p.Stage == DownloadStage.Hashing);
    }

    [Fact]
    public void A_wrong_hash_is_rejected_and_leaves_no_file()
    {
        var body = Seeded();
        var actual = Sha256(body);
        var expected = actual[0] == '0' ? "10000000" : "00000000";
        var entry = Entry(body, expected);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, entry);

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.Equal($"weights '{Name}' from {server.Url}{entry.FileName}: SHA-256 starts with {actual[..8]}, expected {expected}; the file was discarded", e.Message);
        Assert.False(File.Exists(store.CachePath(Name)));
        Assert.False(File.Exists(store.CachePath(Name) + ".part"));
    }

    [Fact]
    public void A_dropped_connection_is_resumed_with_a_range_request()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, DropAfter = i => i == 0 ? 100_000 : null });

        var file = Store(home, server.Url, Entry(body)).Resolve(Name, null);

        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal([null, "bytes=100000-"], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void Several_drops_resume_each_time_from_where_the_part_file_ends()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, DropAfter = i => i < 2 ? 50_000 : null });

        var file = Store(home, server.Url, Entry(body)).Resolve(Name, null);

        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal([null, "bytes=50000-", "bytes=100000-"], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void A_server_that_ignores_range_restarts_from_zero()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, HonorRange = false, DropAfter = i => i == 0 ? 120_000 : null });

        var file = Store(home, server.Url, Entry(body)).Resolve(Name, null);

        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal([null, "bytes=120000-"], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void A_stalled_body_times_out_and_resumes()
    {
        var body = Seeded(40_000);
        using var home = Fixtures.TempDir();
        // The idle timeout (1 s) is well under the server's 3 s stall but far above scheduling delays on two loaded
        // cores: at 200 ms a busy test run could time out before the first 16 KB arrived and add a request.
        using var server = new LocalHttpServer(new() { Body = body, ChunkDelay = TimeSpan.FromSeconds(3) });
        var store = new WeightsStore(Store(home, server.Url, Entry(body)).Settings with { IdleTimeout = TimeSpan.FromSeconds(1) });

        var file = store.Resolve(Name, null);

        // 16 KB arrive, then silence: each stall becomes a new request from where the part file ends. On a loaded
        // machine a stall can also come before a chunk arrives (a retry from the same offset), so the offsets are
        // checked as resumes, not as exact chunk boundaries.
        Assert.Equal(body, File.ReadAllBytes(file.Path));
        var ranges = server.Requests.Select(r => r.Range).ToList();
        Assert.Null(ranges[0]);
        var offsets = ranges.Skip(1).Select(r => long.Parse(r!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(offsets.Count >= 2, $"requests: {string.Join(", ", ranges)}");
        Assert.All(offsets, o => Assert.True(o > 0 && o < body.Length && o % 16384 == 0, $"offset {o}"));
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(32768, offsets[^1]);   // the last request resumes after the second chunk
    }

    [Fact]
    public async Task A_cancelled_download_keeps_its_part_file_for_the_next_run()
    {
        var body = Seeded();
        var entry = Entry(body);
        using var home = Fixtures.TempDir();
        using var cancel = new CancellationTokenSource();
        using var server = new LocalHttpServer(new()
        {
            Body = body,
            ChunkDelay = TimeSpan.FromMilliseconds(20),
            OnSent = sent => { if (sent >= 64 * 1024) cancel.Cancel(); },
        });
        var store = Store(home, server.Url, entry);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ResolveAsync(Name, null, null, cancel.Token));
        var kept = new FileInfo(store.CachePath(Name) + ".part").Length;
        var file = await store.ResolveAsync(Name, null);

        Assert.InRange(kept, 1, body.Length - 1);
        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal([null, $"bytes={kept}-"], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void A_part_file_left_by_an_earlier_run_is_resumed()
    {
        var body = Seeded();
        var entry = Entry(body);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, entry);
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllBytes(store.CachePath(Name) + ".part", body[..70_000]);

        var file = store.Resolve(Name, null);

        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal("bytes=70000-", Assert.Single(server.Requests).Range);
    }

    [Fact]
    public void A_part_file_longer_than_the_file_restarts_after_416()
    {
        var body = Seeded();
        var entry = Entry(body);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = Store(home, server.Url, entry);
        Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "weights"));
        File.WriteAllBytes(store.CachePath(Name) + ".part", new byte[body.Length + 10]);

        var file = store.Resolve(Name, null);

        Assert.Equal(body, File.ReadAllBytes(file.Path));
        Assert.Equal([$"bytes={body.Length + 10}-", null], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void Drops_beyond_the_attempt_limit_keep_the_part_file_and_say_so()
    {
        var body = Seeded();
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, DropAfter = _ => 10_000 });
        var store = Store(home, server.Url, Entry(body));

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.Equal(4, server.RequestCount);
        Assert.Contains("failed after 4 attempts", e.Message);
        Assert.Contains($"40000 bytes are kept in {store.CachePath(Name)}.part", e.Message);
        Assert.EndsWith($"Put the file at {store.CachePath(Name)}, or give its path with the 'weights' setting", e.Message);
        Assert.False(File.Exists(store.CachePath(Name)));
    }

    [Fact]
    public void A_404_fails_at_once_with_the_url_and_the_way_out()
    {
        var body = Seeded(1000);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, Status = 404 });
        var store = Store(home, server.Url, Entry(body));

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.Equal(1, server.RequestCount);
        Assert.Contains($"{server.Url}{Entry(body).FileName} answered HTTP 404", e.Message);
        Assert.Contains("or give its path with the 'weights' setting", e.Message);
    }

    [Fact]
    public void A_503_is_retried()
    {
        var body = Seeded(1000);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, Status = 503 });
        var store = Store(home, server.Url, Entry(body));

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.Equal(4, server.RequestCount);
        Assert.Contains("HTTP 503", e.Message);
    }

    [Fact]
    public void Offline_the_message_names_the_url_the_cache_path_and_weights_option()
    {
        var body = Seeded(1000);
        var url = $"http://127.0.0.1:{LocalHttpServer.UnusedPort()}/";
        using var home = Fixtures.TempDir();
        var store = Store(home, url, Entry(body));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

        Assert.StartsWith($"weights '{Name}': cannot download {url}{Entry(body).FileName} (", e.Message);
        Assert.EndsWith($"Put the file at {store.CachePath(Name)}, or give its path with the 'weights' setting", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), "an unreachable host is not retried");
        Assert.False(File.Exists(store.CachePath(Name) + ".part"));
    }

    [Fact]
    public void A_server_that_never_answers_times_out_as_offline()
    {
        var body = Seeded(1000);
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0); // accepts in the kernel, never replies
        silent.Start();
        try
        {
            var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/";
            using var home = Fixtures.TempDir();
            var store = new WeightsStore(Store(home, url, Entry(body)).Settings with { ConnectTimeout = TimeSpan.FromMilliseconds(300) });

            var e = Assert.Throws<InputException>(() => store.Resolve(Name, null));

            Assert.Equal($"weights '{Name}': cannot download {url}{Entry(body).FileName} (no response within 0.3 s). "
                + $"Put the file at {store.CachePath(Name)}, or give its path with the 'weights' setting", e.Message);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Two_concurrent_resolves_produce_one_correct_file()
    {
        var body = Seeded();
        var entry = Entry(body);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body, ChunkDelay = TimeSpan.FromMilliseconds(10) });
        var a = Store(home, server.Url, entry);
        var b = Store(home, server.Url, entry);

        var files = await Task.WhenAll(
            Task.Run(() => a.ResolveAsync(Name, null)),
            Task.Run(() => b.ResolveAsync(Name, null)));

        Assert.Equal(files[0].Path, files[1].Path);
        Assert.All(files, f => Assert.Equal(Sha256(body), f.Sha256));
        Assert.Equal(body, File.ReadAllBytes(files[0].Path));
        Assert.Equal(1, server.RequestCount);
        Assert.All(files, f => Assert.Equal(WeightsOrigin.Download, f.Origin)); // the second waited for the first's lock
        Assert.False(File.Exists(files[0].Path + ".part"));
    }

    [Fact]
    public void The_canonical_inception_entry_downloads_from_an_overridden_base_and_checks_6726825d()
    {
        var body = Seeded(2000);
        using var home = Fixtures.TempDir();
        using var server = new LocalHttpServer(new() { Body = body });
        var store = new WeightsStore(Store(home, server.Url).Settings with { Registry = WeightsRegistry.Known });

        var e = Assert.Throws<InputException>(() => store.Resolve(WeightsRegistry.InceptionFid, null));

        Assert.Equal("/pt_inception-2015-12-05-6726825d.pth", Assert.Single(server.Requests).Path);
        Assert.Equal($"weights 'inception-2015-12-05' from {server.Url}pt_inception-2015-12-05-6726825d.pth: "
            + $"SHA-256 starts with {Sha256(body)[..8]}, expected 6726825d; the file was discarded", e.Message);
    }

    /// <summary>Records reports on the calling thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SyncProgress(List<DownloadProgress> into) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            lock (into) into.Add(value);
        }
    }
}
