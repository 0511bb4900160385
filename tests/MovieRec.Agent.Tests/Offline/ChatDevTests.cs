using System.Text.Json;
using MovieRec.Agent.Offline;
using MovieRec.Agent.Tools;
using MovieRec.Core.Domain;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Agent.Tests.Offline;

/// <summary>The chat-dev protocol (../shared/EVALUATION.md) for the offline assistant: the share of requests whose top 5 satisfy every property.</summary>
[Collection(EngineCollection.Name)]
public class ChatDevTests(EngineFixture fixture, ITestOutputHelper output)
{
    public sealed record DevRequest(string Message, string[]? GenresAny, string[]? GenresAll, string[]? ForbiddenGenres,
        int? YearFrom, int? YearTo, string? ReferencedTitle, bool KidFriendly);

    private sealed record DevSet(DevRequest[] Requests);

    public static DevRequest[] Load() =>
        JsonSerializer.Deserialize<DevSet>(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "fixtures", "chat-dev.json")), JsonOptions)!.Requests;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task OfflineAssistantSatisfiesAtLeast90PercentOfTheDevSet()
    {
        var engine = fixture.Engine;
        using var temp = new TempDir();
        var store = new SqliteFeedbackStore(new SqliteDatabase(temp.File("feedback.db")));
        var assistant = new OfflineAssistant(engine);
        var requests = Load();
        Assert.True(requests.Length >= 60);

        var satisfied = 0;
        foreach (var request in requests)
        {
            var tools = new MovieTools(engine, store, new TurnContext(ChatSession.Start(), []));
            var answer = await assistant.AnswerAsync(request.Message, tools, null, 5);
            var failures = Check(engine, request, answer.Recommendations.Select(r => engine.Catalog.Get(r.MovieId)!).ToList());
            foreach (var r in answer.Recommendations) Assert.NotNull(engine.Catalog.Get(r.MovieId)); // grounded: every pick is in the catalog
            if (failures.Count == 0) satisfied++;
            else output.WriteLine($"FAIL {request.Message}: {string.Join("; ", failures)} | {string.Join(", ", answer.Recommendations.Select(r => $"{r.Title} ({r.Year}) [{string.Join('|', r.Genres)}]"))}");
        }
        var share = (double)satisfied / requests.Length;
        output.WriteLine($"chat-dev offline: {satisfied}/{requests.Length} = {share:P1}");
        Assert.True(share >= 0.9, $"only {share:P1} of the dev set satisfied");
    }

    internal static List<string> Check(MovieEngine engine, DevRequest request, IReadOnlyList<Movie> picks)
    {
        if (picks.Count == 0) return ["no recommendations"];
        var failures = picks.SelectMany(m => Unmet(engine, request, m)).ToList();
        if (request.ReferencedTitle is { } title)
        {
            var match = engine.Catalog.Find(title, limit: 1).Single();
            Assert.True(match.Confidence >= 0.9, $"the dev set's title {title} is not in the catalog");
            var reference = match.Movie;
            if (picks.Any(p => p.Id == reference.Id)) failures.Add("recommended the referenced title itself");
            // its nearest among the movies that meet the request's other properties: none of Alien's 50 nearest overall is
            // newer than 2000, so "like Alien but newer than 2000" could not be met otherwise
            var neighbours = Neighbours(engine, reference.Id, 50, id => engine.Catalog.Get(id) is { } m && Unmet(engine, request, m).Count == 0);
            if (!picks.Any(p => neighbours.Contains(p.Id))) failures.Add($"none of the {title} neighbours");
        }
        return failures;
    }

    /// <summary>The request's properties one movie does not meet (genres, years, kid-friendly).</summary>
    private static List<string> Unmet(MovieEngine engine, DevRequest request, Movie m)
    {
        var failures = new List<string>();
        if (request.GenresAny is { Length: > 0 } any && !m.Genres.Intersect(any).Any()) failures.Add($"{m.Title} lacks any of {string.Join('/', any)}");
        if (request.GenresAll is { Length: > 0 } all && !all.All(m.Genres.Contains)) failures.Add($"{m.Title} lacks all of {string.Join('/', all)}");
        if (request.ForbiddenGenres is { Length: > 0 } no && m.Genres.Intersect(no).Any()) failures.Add($"{m.Title} has a forbidden genre");
        if (request.YearFrom is { } from && !(m.Year >= from)) failures.Add($"{m.Title} before {from}");
        if (request.YearTo is { } to && !(m.Year <= to)) failures.Add($"{m.Title} after {to}");
        if (request.KidFriendly && !KidFriendly.Allows(m, engine.TagsByMovie.GetValueOrDefault(m.Id))) failures.Add($"{m.Title} not for kids");
        return failures;
    }

    /// <summary>The nearest (<paramref name="eligible"/>) movies by cosine similarity of rating columns, computed here independently of the engine.</summary>
    internal static HashSet<int> Neighbours(MovieEngine engine, int movieId, int count, Func<int, bool>? eligible = null)
    {
        var r = engine.Ratings;
        if (!r.TryGetItem(movieId, out var item)) return [];
        var target = new Dictionary<int, float>();
        var users = r.UsersOf(item);
        var values = r.ItemRatingsOf(item);
        for (var i = 0; i < users.Length; i++) target[users[i]] = values[i];
        var norm = Math.Sqrt(target.Values.Sum(v => (double)v * v));
        var sims = new List<(int, double)>();
        for (var other = 0; other < r.ItemCount; other++)
        {
            if (other == item) continue;
            var ou = r.UsersOf(other);
            var ov = r.ItemRatingsOf(other);
            double dot = 0, n2 = 0;
            for (var i = 0; i < ou.Length; i++)
            {
                n2 += (double)ov[i] * ov[i];
                if (target.TryGetValue(ou[i], out var t)) dot += t * ov[i];
            }
            if (dot > 0 && (eligible is null || eligible(r.ItemIds[other]))) sims.Add((r.ItemIds[other], dot / (norm * Math.Sqrt(n2))));
        }
        return sims.OrderByDescending(s => s.Item2).Take(count).Select(s => s.Item1).ToHashSet();
    }
}
