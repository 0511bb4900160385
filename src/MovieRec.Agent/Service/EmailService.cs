using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Email;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Loop;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Tools;
using MovieRec.Core.Catalog;
using MovieRec.Core.Errors;
using MovieRec.Core.Stores;
using MovieRec.Engine.Hybrid;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace MovieRec.Agent.Service;

/// <summary>Who personalized emails come from and go to by default (appsettings.json section "Email").</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>"Name &lt;address&gt;" or a bare address.</summary>
    public string From { get; set; } = "MovieRec <movierec@localhost>";

    /// <summary>The recipient when none is given; {id} is the user's id (the datasets have no addresses).</summary>
    public string To { get; set; } = "user{id}@localhost";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Parses "Name &lt;address&gt;" or "address".</summary>
    public static EmailAddress ParseAddress(string text)
    {
        var open = text.IndexOf('<');
        var close = text.LastIndexOf('>');
        return open >= 0 && close > open
            ? new EmailAddress(text[(open + 1)..close].Trim(), text[..open].Trim().Trim('"'))
            : new EmailAddress(text.Trim());
    }
}

/// <summary>
/// Personalized email-style messages: with an LLM, the model writes it from prompts/email.md through the grounded
/// tool loop (tools = <see cref="MovieTools"/> for that user); without one, or when the model fails or grounds fewer
/// than <see cref="MinPicks"/> movies, an offline Markdown template written from the same tools' facts.
/// </summary>
public sealed class EmailService(
    EngineProvider engines, IFeedbackStore feedbackStore, PromptLibrary prompts, IOptions<LlmOptions> llmOptions, IOptions<EmailOptions> options,
    ILoggerFactory loggerFactory, IChatClient? chatClient = null) : IEmailService
{
    public const int MinPicks = 3;
    public const int MaxPicks = 5;

    private readonly ILogger _logger = loggerFactory.CreateLogger<EmailService>();

    public async Task<ComposedEmail> ComposeAsync(int userId, string? name, CancellationToken cancellationToken = default)
    {
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!engine.IsKnownUser(userId)) throw new NotFoundException($"No user with id {userId}.");
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        // without a name: "Hi there" in the template, "the reader" for the model, "Movie picks for you" as the subject
        var recipient = name ?? "you";

        var given = await feedbackStore.ListAsync(FeedbackSubject.ForUser(userId), cancellationToken).ConfigureAwait(false);
        var tools = new MovieTools(engine, feedbackStore, new TurnContext(ChatSession.Start(userId), given));

        string? markdown = null;
        var responder = "offline";
        IReadOnlyList<string> picked = [];
        if (chatClient is not null)
        {
            try
            {
                (markdown, picked) = await WriteWithModelAsync(chatClient, engine.Catalog, tools, name ?? "the reader", cancellationToken).ConfigureAwait(false);
                responder = $"llm:{LlmProviders.Normalize(llmOptions.Value.Provider)}/{llmOptions.Value.Model}";
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Email for user {UserId} written offline: {Reason}", userId, e.Message);
                responder = $"offline (llm unavailable: {e.Message})";
            }
        }
        if (markdown is null)
            (markdown, picked) = await WriteOfflineAsync(tools, userId, name ?? "there", cancellationToken).ConfigureAwait(false);

        var subject = picked.Count == 0 ? $"Movie picks for {recipient}"
            : picked.Count == 1 ? $"Movie picks for {recipient}: {picked[0]}"
            : $"Movie picks for {recipient}: {picked[0]} and {picked.Count - 1} more";
        var settings = options.Value;
        var message = new EmailMessage
        {
            From = EmailOptions.ParseAddress(settings.From),
            To = EmailOptions.ParseAddress(settings.To.Replace("{id}", userId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            Subject = subject,
            MarkdownBody = markdown,
            UserId = userId.ToString(CultureInfo.InvariantCulture),
        };
        return new ComposedEmail(userId, subject, markdown, MarkdownEmailRenderer.ToHtmlDocument(markdown, subject),
            MarkdownEmailRenderer.ToPlainText(markdown), new MimeMessageWriter().Write(message).ToBytes(), responder);
    }

    private async Task<(string Markdown, IReadOnlyList<string> Picked)> WriteWithModelAsync(IChatClient client, MovieCatalog catalog, MovieTools tools, string name, CancellationToken cancellationToken)
    {
        var loop = new ToolCallingLoop(client, prompts.Repair, new ToolCallingLoopOptions { MaxToolSteps = llmOptions.Value.MaxToolSteps },
            loggerFactory.CreateLogger<ToolCallingLoop>());
        var prompt = prompts.Email.Render(("name", name), ("profile", LlmResponder.Profile(tools)));
        var result = await loop.RunAsync([new ChatMessage(ChatRole.User, prompt)], tools.AsFunctions(), cancellationToken).ConfigureAwait(false);
        // an email that recommends nothing grounded is not worth sending: the template does better
        if (result.Recommendations.Count < MinPicks || string.IsNullOrWhiteSpace(result.Text))
            throw new InvalidOperationException($"the model grounded {result.Recommendations.Count} recommendations (at least {MinPicks} needed)");
        var titles = result.Recommendations.Select(r => tools.Context.Returned.TryGetValue(r.MovieId, out var m) ? Display(m) : r.Title ?? "").ToList();
        var text = ReplyGrounding.DropUngroundedItems(result.Text, result.Recommendations.Select(r => r.MovieId).ToHashSet(), catalog,
            loggerFactory.CreateLogger<EmailService>());
        return (text.Trim() + "\n", titles);
    }

    /// <summary>The template: greeting, what we know, 3 to 5 picks with one reason each, a friendly close.</summary>
    internal static async Task<(string Markdown, IReadOnlyList<string> Picked)> WriteOfflineAsync(MovieTools tools, int userId, string name, CancellationToken cancellationToken)
    {
        var picks = (await tools.RunAsync(new HybridRequest { UserId = userId, K = MaxPicks }, cancellationToken).ConfigureAwait(false)).Movies;
        var profile = tools.UserProfile(userId);
        var sb = new StringBuilder();
        sb.Append("Hi ").Append(name).AppendLine(",").AppendLine();
        sb.AppendLine(WhatWeKnow(profile)).AppendLine();
        if (picks.Count == 0)
        {
            sb.AppendLine("We could not find new movies for you this time: you may have seen them all! Tell us what you are in the mood for and we will look again.");
        }
        else
        {
            sb.AppendLine(picks.Count == 1 ? "Here is a movie we think you will enjoy:" : $"Here are {picks.Count} movies we think you will enjoy:").AppendLine();
            foreach (var m in picks)
                sb.Append("- **").Append(Display(m)).Append("**").Append(m.Why.Count > 0 ? " — " + Capitalize(m.Why[0]) : "").AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("Happy watching! Reply and tell us which ones you liked, and the next picks will be even closer to your taste.");
        sb.AppendLine();
        sb.AppendLine("The MovieRec team");
        return (sb.ToString(), picks.Select(Display).ToList());
    }

    private static string WhatWeKnow(ToolUserProfile profile)
    {
        if (profile.RatingCount == 0) return "We are just getting to know your taste, so here are some well-loved movies to start with.";
        var genres = profile.FavouriteGenres.Take(3).ToList();
        var sentence = new StringBuilder("From your ").Append(profile.RatingCount.ToString(CultureInfo.InvariantCulture)).Append(" ratings");
        sentence.Append(genres.Count > 0 ? $", we know you love {JoinAnd(genres)}" : ", we have a good idea of what you like");
        if (profile.TopRated.FirstOrDefault() is { } top)
            sentence.Append(CultureInfo.InvariantCulture, $", and that {top.Title}{(top.Year is { } y ? $" ({y})" : "")} is one of your favourites ({top.Rating:0.#}/5)");
        return sentence.Append('.').ToString();
    }

    private static string Display(ToolMovie m) => m.Year is { } y ? $"{m.Title} ({y})" : m.Title;

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string JoinAnd(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}

public static class EmailServiceCollectionExtensions
{
    /// <summary>The email service and its options (section "Email": From, To, Smtp).</summary>
    public static IServiceCollection AddMovieRecEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        services.TryAddSingleton<IEmailService, EmailService>();
        return services;
    }
}
