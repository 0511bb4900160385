using System.Security.Cryptography;

namespace MovieRec.Cli.Datasets;

/// <summary>Streams a download to a file while hashing it (typed HttpClient from IHttpClientFactory).</summary>
public sealed class DatasetDownloader(HttpClient http)
{
    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/>; reports (bytes, total or null); returns the SHA-256 (lower-case hex).</summary>
    public async Task<string> DownloadAsync(string url, string destination, IProgress<(long Bytes, long? Total)>? progress, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var total = response.Content.Headers.ContentLength;
        await using var source = await response.Content.ReadAsStreamAsync(ct);
        await using var target = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long bytes = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            hash.AppendData(buffer, 0, read);
            bytes += read;
            progress?.Report((bytes, total));
        }
        if (total is { } expected && bytes != expected)
            throw new HttpRequestException($"download of {url} ended after {bytes:N0} of {expected:N0} bytes");
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
