using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace GenMetrics.Encoders;

// Downloading into FILE.part under the lock: resume with "Range: bytes=N-" (append on 206, restart on 200), retry a
// dropped or stalled body with backoff, hash before the atomic rename, discard the part file on a hash mismatch.
internal sealed partial class WeightsStore
{
    private const int CopyBufferBytes = 1 << 16;
    private const long ReportEveryBytes = 1 << 20;

    private sealed class Attempts
    {
        public bool Responded;
        public int Count;
    }

    private async Task<WeightsFile> DownloadAsync(WeightsInfo info, string final, string? rejectedSha,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var url = info.UrlFrom(Settings.UrlBase);
        var part = final + ".part";
        var attempts = new Attempts();
        using (var http = CreateClient())
        {
            while (true)
            {
                attempts.Count++;
                try
                {
                    await AttemptAsync(http, info, url, final, part, attempts, progress, ct).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (Transient(e, ct) is { } why)
                {
                    // Refused, unresolvable or silent on the first contact: offline, and retrying will not help.
                    if (!attempts.Responded && IsUnreachable(e) || attempts.Count >= Settings.MaxAttempts)
                        throw Unavailable(info, url, final, part, attempts, why, rejectedSha, e);
                }
                await Task.Delay(Backoff(attempts.Count), ct).ConfigureAwait(false);
            }
        }

        var sha = WeightsHash.OfFile(part, info.Name, progress, ct);
        if (!info.Accepts(sha))
        {
            DeletePart(part);
            throw new InputException(
                $"weights '{info.Name}' from {url}: SHA-256 starts with {Short(sha, info)}, expected {info.Sha256Prefix}; the file was discarded");
        }
        try
        {
            File.Move(part, final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{final}: cannot move the verified download into place ({e.Message})", e);
        }
        WeightsHash.WriteSidecar(new FileInfo(final), sha);
        return new WeightsFile(info.Name, final, sha, WeightsOrigin.Download, true);
    }

    private async Task AttemptAsync(HttpClient http, WeightsInfo info, string url, string final, string part, Attempts attempts,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);

        progress?.Report(new(info.Name, DownloadStage.Connecting, have, null) { Url = url });
        HttpResponseMessage response;
        using (var headers = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            headers.CancelAfter(Settings.ConnectTimeout);
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no response within {Settings.ConnectTimeout.TotalSeconds:0.#} s", e);
            }
        }
        using (response)
        {
            attempts.Responded = true;
            var status = response.StatusCode;
            long? total;
            if (status == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != have)
                {
                    DeletePart(part);
                    throw new IOException($"the server resumed at byte {range?.From} instead of {have}; restarting from zero");
                }
                total = range.Length ?? have + response.Content.Headers.ContentLength;
            }
            else if (status == HttpStatusCode.OK)
            {
                have = 0; // the server ignored the range (or none was asked): start over
                total = response.Content.Headers.ContentLength;
            }
            else if (status == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
            {
                DeletePart(part);
                throw new IOException("the server refused to resume (416); restarting from zero");
            }
            else if ((int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                throw new HttpRequestException($"HTTP {(int)status} {response.ReasonPhrase}", null, status);
            }
            else
            {
                throw new InputException(
                    $"weights '{info.Name}': {url} answered HTTP {(int)status} {response.ReasonPhrase}. Put the file at {final}, or give its path with the '{info.Setting}' setting");
            }
            await CopyBodyAsync(response.Content, info, part, have, total, progress, ct).ConfigureAwait(false);
        }
    }

    private async Task CopyBodyAsync(HttpContent content, WeightsInfo info, string part, long have, long? total,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var shownTotal = total ?? info.ApproximateBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            await using var file = OpenPart(part, have);
            await using var body = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var received = have;
            var nextReport = received;
            progress?.Report(new(info.Name, DownloadStage.Downloading, received, shownTotal));
            while (true)
            {
                idle.CancelAfter(Settings.IdleTimeout);
                int n;
                try
                {
                    n = await body.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no data for {Settings.IdleTimeout.TotalSeconds:0.#} s at byte {received}", e);
                }
                if (n == 0) break;
                WritePart(file, buffer, n, part);
                received += n;
                if (received >= nextReport)
                {
                    progress?.Report(new(info.Name, DownloadStage.Downloading, received, shownTotal));
                    nextReport = received + ReportEveryBytes;
                }
            }
            WritePart(file, buffer, 0, part, flushToDisk: true);
            progress?.Report(new(info.Name, DownloadStage.Downloading, received, total ?? received));
            if (total is { } expected && received != expected)
                throw new IOException($"the connection closed at byte {received} of {expected}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Settings.ConnectTimeout,
            UseProxy = Settings.UseProxy,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true, // GitHub release assets redirect to their storage host
        };
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("GenMetrics", "1"));
        return http;
    }

    private TimeSpan Backoff(int failedAttempts)
    {
        var delay = Settings.RetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 20));
        return delay < Settings.MaxRetryDelay ? delay : Settings.MaxRetryDelay;
    }

    /// <summary>Why a failure is worth another attempt, or null when it is not (cancellation, bad input).</summary>
    private static string? Transient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException when ct.IsCancellationRequested => null,
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => e.Message,
        _ => null,
    };

    private static bool IsUnreachable(Exception e) =>
        e is TimeoutException ||
        e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError };

    private static InputException Unavailable(WeightsInfo info, string url, string final, string part, Attempts attempts,
        string why, string? rejectedSha, Exception inner)
    {
        var kept = File.Exists(part) ? new FileInfo(part).Length : 0;
        var message = attempts.Responded
            ? $"weights '{info.Name}': download from {url} failed after {attempts.Count} attempts ({why})"
            : $"weights '{info.Name}': cannot download {url} ({why})";
        if (kept > 0) message += $"; {kept} bytes are kept in {part} and the next run resumes";
        if (rejectedSha is not null)
            message += $"; the file already at {final} has SHA-256 starting {Short(rejectedSha, info)}, expected {info.Sha256Prefix}";
        message += $". Put the file at {final}, or give its path with the '{info.Setting}' setting";
        return new InputException(message, inner);
    }

    private static FileStream OpenPart(string part, long have)
    {
        try
        {
            var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: false);
            file.SetLength(have); // 200: truncate to zero; 206: drop anything past the resume point
            file.Position = have;
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{part}: cannot write the download ({e.Message})", e);
        }
    }

    private static void WritePart(FileStream file, byte[] buffer, int count, string part, bool flushToDisk = false)
    {
        try
        {
            if (count > 0) file.Write(buffer, 0, count);
            if (flushToDisk) file.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{part}: cannot write the download ({e.Message})", e);
        }
    }

    private static void DeletePart(string part)
    {
        try { File.Delete(part); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
