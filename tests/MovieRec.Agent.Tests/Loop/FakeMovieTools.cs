using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Loop;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Tests.Llm;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Loop;

/// <summary>Tiny tools over an in-memory list, returning compact JSON with "movieId" like the real ones.</summary>
internal sealed class FakeMovieTools
{
    public static readonly (int Id, string Title, int Year, string Genres)[] Movies =
    [
        (1, "Interstellar", 2014, "Sci-Fi"),
        (2, "Alien", 1979, "Horror|Sci-Fi"),
        (3, "Toy Story", 1995, "Animation|Comedy"),
        (4, "Heat", 1995, "Crime"),
    ];

    private int _searchCalls;

    public int SearchCalls => _searchCalls;

    public IList<AITool> Tools =>
    [
        AIFunctionFactory.Create(Search, "search_movies", "Find movies by a word of the title or a genre."),
        AIFunctionFactory.Create(Details, "movie_details", "Details of one movie."),
    ];

    private string Search([Description("Title word or genre")] string query, int limit = 3)
    {
        Interlocked.Increment(ref _searchCalls);
        var hits = Movies.Where(m => m.Title.Contains(query, StringComparison.OrdinalIgnoreCase) || m.Genres.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Take(limit).Select(m => new { movieId = m.Id, title = m.Title, year = m.Year, genres = m.Genres.Split('|') });
        return JsonSerializer.Serialize(new { results = hits });
    }

    private string Details(int movie_id)
    {
        var movie = Movies.FirstOrDefault(m => m.Id == movie_id);
        if (movie.Id == 0) throw new ArgumentException($"No movie with id {movie_id}.");
        return JsonSerializer.Serialize(new { movieId = movie.Id, title = movie.Title, year = movie.Year });
    }

    public static PromptLibrary Prompts() => PromptLibrary.Load(Path.Combine(SharedData.RepoRoot, "prompts"));

    public static LlmOptions OpenAIOptions(ScriptedHttpServer server, int maxRetries = 2, double timeoutSeconds = 10) => new()
    {
        Provider = "openai-compatible",
        Model = "gpt-4o",
        Endpoint = new Uri(server.BaseAddress, "v1").ToString(),
        ApiKey = "test-key",
        MaxRetries = maxRetries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    public static LlmOptions OllamaOptions(ScriptedHttpServer server, int maxRetries = 2, double timeoutSeconds = 10) => new()
    {
        Provider = "ollama",
        Model = "llama3.1",
        Endpoint = server.BaseAddress.ToString(),
        MaxRetries = maxRetries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    public static IChatClient Client(LlmOptions options) => ChatClientFactory.Create(options, new PlainHttpClientFactory())!;

    public static ToolCallingLoop NewLoop(IChatClient client, int maxToolSteps = 5) =>
        new(client, Prompts().Repair, new ToolCallingLoopOptions { MaxToolSteps = maxToolSteps });

    public static List<ChatMessage> Conversation(string user) =>
        [new(ChatRole.System, "You recommend movies."), new(ChatRole.User, user)];
}
