using System.Text;
using System.Text.Json;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;

namespace MovieRec.Cli.Datasets;

/// <summary>
/// Fills metadata from the TMDB API for every movie with a tmdbId, into data/metadata/tmdb-api.jsonl (one JSON line
/// per movie, appended and flushed as it goes). Resumable: movies already in the file are skipped, including the ids
/// TMDB answered 404 for (stored as a record without fields). Requests are spaced to stay under a rate limit.
/// </summary>
public sealed class MetadataEnricher(TmdbClient client)
{
    public const string CacheFileName = "tmdb-api.jsonl";

    public double RequestsPerSecond { get; init; } = 20;
    public int Parallelism { get; init; } = 4;

    public sealed record Result(int Requested, int Fetched, int NotFound, int AlreadyCached, int WithoutTmdbId, string CacheFile);

    public async Task<Result> RunAsync(IReadOnlyList<Movie> movies, string dataDirectory, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var folder = Path.Combine(dataDirectory, MetadataImporter.FolderName);
        Directory.CreateDirectory(folder);
        var cacheFile = Path.Combine(folder, CacheFileName);
        var cached = ReadCachedIds(cacheFile);
        var ids = movies.Where(m => m.TmdbId is not null).Select(m => m.TmdbId!.Value).Distinct().ToList();
        var todo = ids.Where(id => !cached.Contains(id)).ToList();
        int fetched = 0, notFound = 0, done = 0;
        var gate = new RateGate(RequestsPerSecond);
        var writeLock = new object();
        await using var writer = new StreamWriter(cacheFile, append: true, new UTF8Encoding(false));
        progress?.Report((0, todo.Count));
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            await gate.WaitAsync(token);
            var record = await client.GetMovieAsync(id, token);
            if (record is null) Interlocked.Increment(ref notFound);
            else Interlocked.Increment(ref fetched);
            var line = JsonSerializer.Serialize(record ?? new MetadataRecord { Source = MetadataSources.TmdbApi, TmdbId = id },
                MetadataJsonContext.Default.MetadataRecord);
            lock (writeLock)
            {
                writer.WriteLine(line);
                writer.Flush(); // every finished movie survives an interruption
            }
            progress?.Report((Interlocked.Increment(ref done), todo.Count));
        });
        return new Result(todo.Count, fetched, notFound, ids.Count - todo.Count, movies.Count(m => m.TmdbId is null), cacheFile);
    }

    private static HashSet<int> ReadCachedIds(string cacheFile)
    {
        var ids = new HashSet<int>();
        if (!File.Exists(cacheFile)) return ids;
        foreach (var line in File.ReadLines(cacheFile))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonSerializer.Deserialize(line, MetadataJsonContext.Default.MetadataRecord)?.TmdbId is { } id) ids.Add(id);
            }
            catch (JsonException) { /* torn line of an interrupted run: fetched again */ }
        }
        return ids;
    }

    /// <summary>Spaces request starts at least 1/rate apart.</summary>
    private sealed class RateGate(double perSecond)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / Math.Max(0.1, perSecond));
        private DateTime _next = DateTime.MinValue;

        public async Task WaitAsync(CancellationToken ct)
        {
            await _lock.WaitAsync(ct);
            try
            {
                var now = DateTime.UtcNow;
                if (_next > now) await Task.Delay(_next - now, ct);
                _next = (_next > now ? _next : now) + _interval;
            }
            finally { _lock.Release(); }
        }
    }
}
