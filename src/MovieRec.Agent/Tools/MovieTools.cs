using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MovieRec.Core.Domain;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Tools;

/// <summary>
/// What the agent may call. Plain methods with descriptions (the same shape as a Semantic Kernel plugin),
/// exposed as <see cref="AIFunction"/>s by <see cref="AsFunctions"/>; the offline assistant calls them directly.
/// One instance serves one chat turn (it carries the <see cref="TurnContext"/>).
/// </summary>
public sealed class MovieTools(MovieEngine engine, IFeedbackStore feedbackStore, TurnContext context)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// <summary>Below this, a title is not taken as meant: the tool answers with suggestions instead.</summary>
    private const double TitleConfidence = 0.6;

    /// <summary>Compact camelCase JSON: our result types from the source-generated context, the rest (tool parameters) from M.E.AI's defaults.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(ToolJsonContext.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver),
    };

    public TurnContext Context => context;

    public IReadOnlyList<AIFunction> AsFunctions() =>
    [
        Create(nameof(SearchMovies), "search_movies"),
        Create(nameof(SimilarMovies), "similar_movies"),
        Create(nameof(RecommendForUser), "recommend_for_user"),
        Create(nameof(MovieDetails), "movie_details"),
        Create(nameof(UserProfile), "user_profile"),
        Create(nameof(RecordFeedback), "record_feedback"),
        Create(nameof(RecordGenrePreference), "record_genre_preference"),
    ];

    private AIFunction Create(string method, string name) =>
        AIFunctionFactory.Create(typeof(MovieTools).GetMethod(method)!, this, new AIFunctionFactoryOptions { Name = name, SerializerOptions = JsonOptions });

    [Description("Find movies by what they are about (themes, plot, mood) and/or by resemblance to a named movie, with optional filters. Results are personalized to the current user and leave out what they disliked or watched. Use this for most requests.")]
    public async Task<ToolMovieList> SearchMovies(
        [Description("What the user wants in words, e.g. 'bank heist with a great score', 'feel-good road trip'. May be empty when similar_to or filters say enough.")] string? query = null,
        [Description("A movie title the results should resemble, e.g. 'Heat' or 'Heat (1995)'.")] string? similar_to = null,
        [Description("Genres wanted (a result has at least one): Action, Adventure, Animation, Children, Comedy, Crime, Documentary, Drama, Fantasy, Film-Noir, Horror, Musical, Mystery, Romance, Sci-Fi, Thriller, War, Western.")] string[]? genres = null,
        [Description("Genres to leave out, same names as genres.")] string[]? exclude_genres = null,
        [Description("Earliest release year, e.g. 1990.")] int? year_from = null,
        [Description("Latest release year, e.g. 1999.")] int? year_to = null,
        [Description("True to keep only movies suitable for children.")] bool kid_friendly = false,
        [Description("How many movies to return (1-20, default 5).")] int? limit = null,
        [Description("An actor or director the movies must involve, e.g. 'Tom Hanks'.")] string? person = null,
        [Description("True when the user asks for the best, top-rated or acclaimed movies: favours movies many people rated highly.")] bool acclaimed = false,
        CancellationToken cancellationToken = default)
    {
        IReadOnlyCollection<int> only = [];
        if (!string.IsNullOrWhiteSpace(person))
        {
            if (engine.Catalog.People.FindIn(person) is not [var named, ..])
                return new ToolMovieList([], $"No actor or director named \"{person}\" in the catalog's credits; search by query instead.");
            only = named.MovieIds.ToList();
        }
        var seeds = new List<int>();
        if (!string.IsNullOrWhiteSpace(similar_to))
        {
            var (movie, error) = ResolveTitle(similar_to);
            if (movie is null) return new ToolMovieList([], error!.Error, error.Suggestions);
            seeds.Add(movie.Id);
        }
        var request = new HybridRequest
        {
            Query = string.IsNullOrWhiteSpace(query) ? null : query,
            SeedMovieIds = seeds,
            Genres = NormalizeGenres(genres),
            ExcludeGenres = NormalizeGenres(exclude_genres),
            YearFrom = year_from,
            YearTo = year_to,
            KidFriendly = kid_friendly,
            OnlyMovieIds = only,
            Acclaimed = acclaimed,
            K = ClampLimit(limit),
        };
        return await RunAsync(request, cancellationToken).ConfigureAwait(false);
    }

    [Description("Movies most similar to one movie: neighbours by story (description) and by audience (people who liked it also liked).")]
    public Task<ToolMovieList> SimilarMovies(
        [Description("The movie title, e.g. 'Trainspotting'; a year helps: 'Heat (1995)'.")] string title,
        [Description("How many movies to return (1-20, default 5).")] int? limit = null,
        CancellationToken cancellationToken = default) =>
        SearchMovies(similar_to: title, limit: limit, cancellationToken: cancellationToken);

    [Description("Personalized recommendations for a user of the ratings data (or the current user when user_id is omitted), optionally steered by a request in words.")]
    public async Task<ToolMovieList> RecommendForUser(
        [Description("The user's numeric id; omit for the current user.")] int? user_id = null,
        [Description("Optional request in words to blend in, e.g. 'something funny'.")] string? query = null,
        [Description("How many movies to return (1-20, default 5).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var userId = user_id ?? context.UserId;
        if (userId is { } id && !engine.IsKnownUser(id))
            return new ToolMovieList([], $"There is no user {id} in the ratings data; showing general picks instead.");
        return await RunAsync(new HybridRequest { UserId = userId, Query = query, K = ClampLimit(limit) }, cancellationToken).ConfigureAwait(false);
    }

    [Description("Everything known about one movie: overview, year, genres, director, cast, keywords, users' tags, rating statistics and tag sentiment.")]
    public object MovieDetails([Description("The movie title, e.g. 'Heat (1995)'.")] string title)
    {
        var (movie, error) = ResolveTitle(title);
        return movie is null ? error! : Details(movie);
    }

    [Description("What we know of a user: favourite genres, top-rated movies, number of ratings, and demographics where known.")]
    public ToolUserProfile UserProfile([Description("The user's numeric id; omit for the current user.")] int? user_id = null)
    {
        var id = user_id ?? context.UserId ?? throw new ArgumentException("No user id given and the conversation has no user.");
        var rated = engine.RatingsOf(id);
        var user = engine.Users.GetValueOrDefault(id);
        var high = engine.Dataset.Scale.Max - 1;
        var genres = rated.Where(r => r.Rating >= high).SelectMany(r => r.Movie.Genres)
            .GroupBy(g => g).OrderByDescending(g => g.Count()).Take(4).Select(g => g.Key).ToList();
        return new ToolUserProfile(id, rated.Count > 0 || user is not null, genres,
            rated.Take(5).Select(r => new ToolRatedMovie(r.Movie.Id, r.Movie.Title, r.Movie.Year, r.Rating)).ToList(),
            rated.Count, user?.Age, user?.Gender is null or Gender.Unknown ? null : user.Gender.ToString().ToLowerInvariant(), user?.Occupation);
    }

    [Description("Record what the user said about a movie so the next answers change: liked, disliked, watched, or a rating from 0.5 to 5.")]
    public async Task<ToolFeedbackResult> RecordFeedback(
        [Description("The movie title.")] string title,
        [Description("One of: liked, disliked, watched, rating.")] string signal,
        [Description("The rating (0.5 to 5) when signal is 'rating'.")] float? rating = null,
        CancellationToken cancellationToken = default)
    {
        var (movie, error) = ResolveTitle(title);
        if (movie is null) return new ToolFeedbackResult(false, null, null, signal, error!.Error);
        if (!Enum.TryParse<FeedbackSignal>(signal, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            return new ToolFeedbackResult(false, movie.Id, movie.Title, signal, "signal must be one of: liked, disliked, watched, rating");
        return await RecordAsync(movie, parsed, rating, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores feedback and applies it to this turn and the session at once.</summary>
    public async Task<ToolFeedbackResult> RecordAsync(Movie movie, FeedbackSignal signal, float? rating = null, CancellationToken cancellationToken = default)
    {
        var feedback = new Feedback { Subject = context.Subject, MovieId = movie.Id, Signal = signal, Value = signal == FeedbackSignal.Rating ? rating : null };
        try { feedback.Validate(); }
        catch (ArgumentException e) { return new ToolFeedbackResult(false, movie.Id, movie.Title, signal.ToString().ToLowerInvariant(), e.Message); }
        context.Feedback.Add(await feedbackStore.AddAsync(feedback, cancellationToken).ConfigureAwait(false));
        if (signal == FeedbackSignal.Liked) context.Session.Preferences.LikeMovie(movie.Id);
        if (signal == FeedbackSignal.Disliked) context.Session.Preferences.DislikeMovie(movie.Id);
        return new ToolFeedbackResult(true, movie.Id, movie.Title, signal.ToString().ToLowerInvariant(), $"Noted: {signal.ToString().ToLowerInvariant()} {movie.DisplayTitle}.");
    }

    [Description("Remember a genre the user likes or dislikes in general (\"I can't stand horror\"), for the rest of the conversation: disliked genres are left out of later results unless the user asks for them.")]
    public ToolGenrePreferenceResult RecordGenrePreference(
        [Description("The genre, same names as search_movies' genres.")] string genre,
        [Description("One of: liked, disliked.")] string signal)
    {
        signal = (signal ?? "").Trim().ToLowerInvariant();
        if (signal is not ("liked" or "disliked"))
            return new ToolGenrePreferenceResult(false, genre, signal, "signal must be one of: liked, disliked");
        IReadOnlyList<string> names;
        try { names = NormalizeGenres([genre]); }
        catch (ArgumentException e) { return new ToolGenrePreferenceResult(false, genre, signal, e.Message); }
        if (names.Count == 0) return new ToolGenrePreferenceResult(false, genre, signal, "genre is required");
        var name = names[0];
        RememberGenre(name, liked: signal == "liked");
        return new ToolGenrePreferenceResult(true, name, signal, $"Noted: {signal} {name} for this conversation.");
    }

    /// <summary>Keeps a stated genre taste in the session (liking removes an earlier dislike and vice versa).</summary>
    public void RememberGenre(string genre, bool liked)
    {
        if (liked) context.Session.Preferences.LikeGenre(genre);
        else context.Session.Preferences.DislikeGenre(genre);
    }

    /// <summary>The shared path of every recommending tool: personalize, score, remember what was returned.</summary>
    public async Task<ToolMovieList> RunAsync(HybridRequest request, CancellationToken cancellationToken = default)
    {
        var personal = Personalization.Apply(request, engine, context);
        var result = await engine.Hybrid.RecommendAsync(personal, cancellationToken).ConfigureAwait(false);
        var movies = result.Items.Select(ToToolMovie).ToList();
        foreach (var m in movies)
        {
            context.Returned[m.MovieId] = m;
            context.ShownMovieIds.Add(m.MovieId);
        }
        return new ToolMovieList(movies, result.EmptyReason);
    }

    public (Movie? Movie, ToolError? Error) ResolveTitle(string title)
    {
        var matches = engine.Catalog.Find(title, limit: 5);
        if (matches.Count > 0 && matches[0].Confidence >= TitleConfidence) return (matches[0].Movie, null);
        var suggestions = matches.Select(m => m.Movie.DisplayTitle).ToList();
        return (null, new ToolError($"No movie titled \"{title}\" in the catalog.", suggestions));
    }

    public ToolMovieDetails Details(Movie movie)
    {
        var meta = movie.Metadata;
        var sentiment = engine.Sentiment?.Get(movie.Id);
        return new ToolMovieDetails(movie.Id, movie.Title, movie.Year, movie.Genres, meta?.Overview, meta?.Tagline, meta?.Director,
            meta?.Cast ?? [], meta?.Keywords ?? [], engine.TagsByMovie.GetValueOrDefault(movie.Id)?.Take(10).ToList() ?? [],
            engine.Stats.Count(movie.Id), Round(engine.Stats.Mean(movie.Id)), Round(sentiment?.Score));
    }

    private static ToolMovie ToToolMovie(HybridRecommendation r) =>
        new(r.Movie.Id, r.Movie.Title, r.Movie.Year, r.Movie.Genres, Round(r.Score)!.Value,
            Round(r.Collaborative)!.Value, Round(r.Content)!.Value, Round(r.Sentiment)!.Value, Round(r.Popularity)!.Value, r.Facts);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static int ClampLimit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    private static readonly string[] KnownGenres =
        ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];

    /// <summary>Maps what a model writes ("sci fi", "kids", "romance") to the catalog's genre names; unknown names are an error the model sees.</summary>
    internal static IReadOnlyList<string> NormalizeGenres(string[]? genres)
    {
        if (genres is null) return [];
        var result = new List<string>();
        foreach (var raw in genres.Where(g => !string.IsNullOrWhiteSpace(g)))
        {
            var key = new string(raw.Where(char.IsLetter).ToArray());
            var match = KnownGenres.FirstOrDefault(g => string.Equals(new string(g.Where(char.IsLetter).ToArray()), key, StringComparison.OrdinalIgnoreCase))
                ?? (key.ToLowerInvariant() switch
                {
                    "kids" or "family" or "childrens" => "Children",
                    "scifi" or "sciencefiction" => "Sci-Fi",
                    "noir" => "Film-Noir",
                    "romantic" or "romcom" => "Romance",
                    "animated" => "Animation",
                    "documentaries" => "Documentary",
                    _ => null,
                });
            result.Add(match ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Unknown genre '{raw}'. Use: {string.Join(", ", KnownGenres)}.")));
        }
        return result.Distinct().ToList();
    }
}
