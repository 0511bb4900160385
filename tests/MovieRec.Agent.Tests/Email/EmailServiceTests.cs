using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Service;
using MovieRec.Core.Errors;
using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Email;

[Collection(EngineCollection.Name)]
public sealed partial class EmailServiceTests(EngineFixture fixture) : IDisposable
{
    private readonly TempDir _temp = new();
    private SqliteDatabase? _database;

    private EmailService Create(IChatClient? client = null)
    {
        var engines = new EngineProvider();
        engines.Set(fixture.Engine);
        return new EmailService(engines, new SqliteFeedbackStore(_database ??= new SqliteDatabase(_temp.File("feedback.db"))), PromptLibrary.Load(Path.Combine(SharedData.RepoRoot, "prompts")),
            Options.Create(new LlmOptions { Provider = "openai", Model = "test" }), Options.Create(new EmailOptions()), NullLoggerFactory.Instance, client);
    }

    [Fact]
    public async Task Offline_template_greets_by_name_says_what_we_know_and_lists_3_to_5_unseen_picks_with_a_reason()
    {
        var email = await Create().ComposeAsync(1, "Ana");
        var rated = fixture.Engine.RatingsOf(1);

        Assert.Equal("offline", email.Responder);
        Assert.StartsWith("Hi Ana,", email.Markdown, StringComparison.Ordinal);
        Assert.Contains($"From your {rated.Count} ratings", email.Markdown, StringComparison.Ordinal);
        Assert.Contains(rated[0].Movie.Title, email.Markdown, StringComparison.Ordinal); // a top-rated movie
        var picks = email.Markdown.Split('\n').Where(l => l.StartsWith("- **", StringComparison.Ordinal)).ToList();
        Assert.InRange(picks.Count, 3, 5);
        Assert.All(picks, p => Assert.Contains("** — ", p, StringComparison.Ordinal)); // each with a reason
        var ratedTitles = rated.Select(r => r.Movie.DisplayTitle).ToHashSet();
        Assert.All(picks, p => Assert.DoesNotContain(p[4..p.IndexOf("**", 4, StringComparison.Ordinal)], ratedTitles));
        Assert.Contains("The MovieRec team", email.Markdown, StringComparison.Ordinal);
        Assert.StartsWith("Movie picks for Ana: " + picks[0][4..picks[0].IndexOf("**", 4, StringComparison.Ordinal)], email.Subject, StringComparison.Ordinal);

        Assert.Equal(picks.Count, CountOf(email.Html, "<li>"));
        Assert.DoesNotContain("**", email.PlainText, StringComparison.Ordinal);
        var eml = EmlParser.Parse(Encoding.ASCII.GetString(email.Eml));
        Assert.Equal(email.Subject, eml.Headers["Subject"]);
        Assert.Equal("user1@localhost", eml.Headers["To"]);
        Assert.Contains("Hi Ana,", eml.Single("text/plain").Body, StringComparison.Ordinal);
        Assert.Contains("<li>", eml.Single("text/html").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_name_the_greeting_says_there_and_an_unknown_user_is_not_found()
    {
        var service = Create();
        var email = await service.ComposeAsync(2, " ");
        Assert.StartsWith("Hi there,", email.Markdown, StringComparison.Ordinal);
        Assert.StartsWith("Movie picks for you: ", email.Subject, StringComparison.Ordinal); // not "for there"
        await Assert.ThrowsAsync<NotFoundException>(() => service.ComposeAsync(999_999, "x"));
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_template_and_says_so()
    {
        var email = await Create(new UnreachableClient()).ComposeAsync(3, "Bo");
        Assert.StartsWith("offline (llm unavailable: ", email.Responder, StringComparison.Ordinal);
        Assert.StartsWith("Hi Bo,", email.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tools_given_to_the_model_can_be_built()
    {
        var engines = fixture.Engine;
        var tools = new MovieRec.Agent.Tools.MovieTools(engines, new SqliteFeedbackStore(_database ??= new SqliteDatabase(_temp.File("feedback.db"))), new MovieRec.Agent.Tools.TurnContext(ChatSession.Start(1), []));
        Assert.NotEmpty(tools.AsFunctions());
    }

    [Fact]
    public async Task Without_a_name_the_model_is_asked_to_write_to_the_reader()
    {
        var client = new ScriptedEmailClient();
        var email = await Create(client).ComposeAsync(1, null);
        Assert.Contains("personalized email with movie recommendations for the reader", client.FirstPrompt!, StringComparison.Ordinal);
        Assert.DoesNotContain("for there", client.FirstPrompt!, StringComparison.Ordinal);
        Assert.StartsWith("Movie picks for you: ", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_the_email_is_written_from_the_email_prompt_and_grounded_in_the_tools()
    {
        var client = new ScriptedEmailClient();
        var email = await Create(client).ComposeAsync(1, "Ana");

        Assert.Equal("llm:openai/test", email.Responder);
        var prompt = client.FirstPrompt!;
        Assert.Contains("personalized email with movie recommendations for Ana", prompt, StringComparison.Ordinal);
        Assert.Contains("Favourite genres:", prompt, StringComparison.Ordinal); // the user's profile went in
        Assert.Equal(4, client.Presented.Count);
        var first = fixture.Engine.Catalog.Get(client.Presented[0])!;
        Assert.StartsWith($"Movie picks for Ana: {first.DisplayTitle} and 3 more", email.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Dear Ana", email.Markdown, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>A model that asks for the user's recommendations, presents four of them, then writes a short email.</summary>
    private sealed partial class ScriptedEmailClient : IChatClient
    {
        private int _calls;
        public string? FirstPrompt { get; private set; }
        public List<int> Presented { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            FirstPrompt ??= list[0].Text;
            var message = ++_calls switch
            {
                1 => new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "recommend_for_user", new Dictionary<string, object?> { ["user_id"] = 1, ["limit"] = 5 })]),
                2 => Present(list),
                _ => new ChatMessage(ChatRole.Assistant, "Dear Ana,\n\nHere are four picks for you.\n\nThe MovieRec team"),
            };
            return Task.FromResult(new ChatResponse(message));
        }

        private ChatMessage Present(List<ChatMessage> history)
        {
            var result = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Last();
            var json = result.Result is string text ? text : System.Text.Json.JsonSerializer.Serialize(result.Result, new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() });
            Presented.AddRange(MovieIds().Matches(json).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Take(4));
            return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c2", "present_recommendations", new Dictionary<string, object?>
            {
                ["movie_ids"] = Presented.ToArray(),
                ["reasons"] = Presented.Select(_ => "you will like it").ToArray(),
            })]);
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }

        [System.Text.RegularExpressions.GeneratedRegex("\"movieId\":(\\d+)")]
        private static partial System.Text.RegularExpressions.Regex MovieIds();
    }

    private sealed class UnreachableClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new LlmUnavailableException("connection refused");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new LlmUnavailableException("connection refused");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    public void Dispose()
    {
        _database?.Dispose();
        _temp.Dispose();
    }
}
