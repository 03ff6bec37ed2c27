using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GenMetrics.Tests.Support;

/// <summary>What <see cref="LocalHttpServer"/> serves and how it misbehaves.</summary>
internal sealed record LocalHttpBehavior
{
    /// <summary>The body served for every path.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Answer "Range: bytes=N-" with 206; when false, always send the whole body with 200.</summary>
    public bool HonorRange { get; init; } = true;

    /// <summary>For request number i (0-based): close the connection after this many body bytes, or null to finish.</summary>
    public Func<int, long?> DropAfter { get; init; } = _ => null;

    /// <summary>A fixed status (404, 503, ...) with an empty body instead of the file.</summary>
    public int? Status { get; init; }

    /// <summary>Pause between 16 KB chunks of the body (a slow server, to make downloads overlap).</summary>
    public TimeSpan ChunkDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Called after each body chunk with the bytes sent so far in that response.</summary>
    public Action<long>? OnSent { get; init; }
}

/// <summary>One request the server saw.</summary>
internal sealed record LocalHttpRequest(string Method, string Path, string? Range);

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a free port) for downloader tests: one request per connection
/// ("Connection: close"), able to drop a connection mid-body. It answers at most <c>maxRequests</c> requests and
/// stops by itself after <c>lifetime</c> (or when disposed). It never connects anywhere.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop;
    private readonly LocalHttpBehavior _behavior;
    private readonly int _maxRequests;
    private readonly Thread _loop;
    private int _accepted;

    public LocalHttpServer(LocalHttpBehavior behavior, int maxRequests = 20, TimeSpan? lifetime = null)
    {
        _behavior = behavior;
        _maxRequests = maxRequests;
        _stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromSeconds(30));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop.Token.Register(() =>
        {
            try { _listener.Stop(); } catch (SocketException) { }
        });
        // Dedicated threads and blocking I/O, not the thread pool: tests that saturate the pool with parallel kernels
        // must not delay the server past the client's timeouts (that made download tests flaky under load).
        _loop = new Thread(AcceptLoop) { IsBackground = true, Name = "LocalHttpServer accept" };
        _loop.Start();
    }

    public int Port { get; }

    /// <summary>The base URL, ending in '/'.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";

    public ConcurrentQueue<LocalHttpRequest> Requests { get; } = new();

    public int RequestCount => Requests.Count;

    /// <summary>A loopback port with nothing listening on it (bound, then released).</summary>
    public static int UnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private void AcceptLoop()
    {
        var handlers = new List<Thread>();
        try
        {
            while (_accepted < _maxRequests && !_stop.IsCancellationRequested)
            {
                var client = _listener.AcceptTcpClient();
                var index = _accepted++;
                var handler = new Thread(() => Handle(client, index)) { IsBackground = true, Name = $"LocalHttpServer request {index}" };
                handlers.Add(handler);
                handler.Start();
            }
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
        finally
        {
            try { _listener.Stop(); } catch (SocketException) { }
        }
        foreach (var h in handlers) h.Join(TimeSpan.FromSeconds(5));
    }

    private void Handle(TcpClient client, int index)
    {
        using var _ = client;
        using var closeOnStop = _stop.Token.Register(client.Close);
        try
        {
            Serve(client, index);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // a client that went away mid-body, or the server stopping, is expected in these tests
        }
    }

    private void Serve(TcpClient client, int index)
    {
        var stream = client.GetStream();
        var head = ReadHead(stream);
        if (head is null) return;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        string? range = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals("Range", StringComparison.OrdinalIgnoreCase)) range = line[(colon + 1)..].Trim();
        }
        Requests.Enqueue(new LocalHttpRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", range));

        if (_behavior.Status is { } status)
        {
            Write(stream, $"HTTP/1.1 {status} Status {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        var body = _behavior.Body;
        long from = 0;
        if (range is not null && _behavior.HonorRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
            from = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
        if (from >= body.Length && from > 0)
        {
            Write(stream, $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{body.Length}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        var header = from > 0
            ? $"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{body.Length - 1}/{body.Length}\r\n"
            : "HTTP/1.1 200 OK\r\n";
        header += $"Content-Type: application/octet-stream\r\nContent-Length: {body.Length - from}\r\nConnection: close\r\n\r\n";
        Write(stream, header);

        var end = body.Length - from;
        if (_behavior.DropAfter(index) is { } drop && drop < end) end = drop;
        for (long sent = 0; sent < end;)
        {
            var n = (int)Math.Min(ChunkBytes, end - sent);
            stream.Write(body, (int)(from + sent), n);
            sent += n;
            _behavior.OnSent?.Invoke(sent);
            if (_behavior.ChunkDelay > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(_behavior.ChunkDelay)) return;
        }
        stream.Flush();
        client.Client.Shutdown(SocketShutdown.Send); // a graceful close: every byte sent arrives, then the body ends early
    }

    private static string? ReadHead(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 16 * 1024)
        {
            if (stream.Read(one) == 0) return null;
            bytes.Add(one[0]);
            var c = bytes.Count;
            if (c >= 4 && bytes[c - 4] == '\r' && bytes[c - 3] == '\n' && bytes[c - 2] == '\r' && bytes[c - 1] == '\n')
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, c - 4);
        }
        return null;
    }

    private static void Write(NetworkStream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); } catch (SocketException) { }
        _loop.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
