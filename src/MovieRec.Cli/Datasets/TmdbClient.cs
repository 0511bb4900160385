using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MovieRec.Core.Data;

namespace MovieRec.Cli.Datasets;

/// <summary>
/// The TMDB v3 API, one call per movie: /3/movie/{id}?append_to_response=keywords,credits. A v3 key goes in the
/// api_key query parameter, a v4 read token (a long JWT) in the Authorization header. 429 answers are retried after
/// Retry-After.
/// </summary>
public sealed class TmdbClient(HttpClient http)
{
    public string? ApiKey { get; set; }
    public int MaxRetries { get; set; } = 4;

    /// <summary>The movie as a metadata record, or null when TMDB does not know the id (404).</summary>
    public async Task<MetadataRecord?> GetMovieAsync(int tmdbId, CancellationToken ct)
    {
        var key = ApiKey ?? throw new CliException("TMDB_API_KEY is not set", ExitCodes.UserError);
        var bearer = key.Length > 64;
        var url = $"3/movie/{tmdbId}?append_to_response=keywords,credits" + (bearer ? "" : "&api_key=" + Uri.EscapeDataString(key));
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new CliException($"TMDB rejected the API key (HTTP {(int)response.StatusCode}); check TMDB_API_KEY", ExitCodes.UserError);
            if ((response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500) && attempt < MaxRetries)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(250 * (1 << attempt));
                await Task.Delay(wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait, ct);
                continue;
            }
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var movie = await JsonSerializer.DeserializeAsync(body, TmdbJsonContext.Default.TmdbMovie, ct)
                        ?? throw new HttpRequestException($"TMDB returned an empty body for movie {tmdbId}");
            return movie.ToRecord(tmdbId);
        }
    }
}

/// <summary>The fields of TMDB's movie details we keep.</summary>
public sealed record TmdbMovie
{
    public string? Title { get; init; }
    public string? Overview { get; init; }
    public string? Tagline { get; init; }
    public int? Runtime { get; init; }
    public string? OriginalLanguage { get; init; }
    public string? ReleaseDate { get; init; }
    public string? ImdbId { get; init; }
    public double? VoteAverage { get; init; }
    public int? VoteCount { get; init; }
    public TmdbKeywords? Keywords { get; init; }
    public TmdbCredits? Credits { get; init; }

    public MetadataRecord ToRecord(int tmdbId)
    {
        DateOnly? release = DateOnly.TryParseExact(ReleaseDate ?? "", "yyyy-MM-dd", out var d) ? d : null;
        return new MetadataRecord
        {
            Source = MetadataSources.TmdbApi,
            TmdbId = tmdbId,
            ImdbId = string.IsNullOrEmpty(ImdbId) ? null : ImdbId,
            Title = Title,
            Year = release?.Year,
            Overview = string.IsNullOrWhiteSpace(Overview) ? null : Overview.Trim(),
            Tagline = string.IsNullOrWhiteSpace(Tagline) ? null : Tagline.Trim(),
            RuntimeMinutes = Runtime is > 0 ? Runtime : null,
            Language = OriginalLanguage,
            ReleaseDate = release,
            Keywords = Keywords?.Keywords?.Select(k => k.Name).OfType<string>().ToList(),
            Director = Credits?.Crew?.FirstOrDefault(c => c.Job == "Director")?.Name,
            Cast = Credits?.Cast?.OrderBy(c => c.Order).Select(c => c.Name).OfType<string>().Take(10).ToList(),
            VoteAverage = VoteAverage,
            VoteCount = VoteCount,
        };
    }
}

public sealed record TmdbKeywords(List<TmdbNamed>? Keywords);
public sealed record TmdbNamed(string? Name);
public sealed record TmdbCredits(List<TmdbCast>? Cast, List<TmdbCrew>? Crew);
public sealed record TmdbCast(string? Name, int Order);
public sealed record TmdbCrew(string? Name, string? Job);
