using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using MovieRec.Api.Tests.Fakes;
using static Microsoft.Playwright.Assertions;

namespace MovieRec.Api.Tests;

/// <summary>
/// The chat page in Debian's headless Chromium against the API on a real Kestrel port (TestServer is not reachable
/// from a browser). Never runs `playwright install`: the browser comes from `apt-get install chromium`.
/// </summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Chat_page_shows_cards_and_a_disliked_movie_leaves_the_next_answer()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium");
        var movies = new FakeMovieService();
        var chat = new FakeChatService(movies);
        await using var app = MovieRecApi.Build(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            (services, _) => ApiFactory.AddFakes(services, movies, chat, new FakeEmailService()));
        await app.StartAsync();
        var baseUrl = app.Urls.Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1000 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(baseUrl);
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("MovieRec"));

        // First question: five sci-fi cards, the reply rendered from Markdown.
        await page.FillAsync("#message", "Some sci-fi please");
        await page.PressAsync("#message", "Enter");
        var firstAnswer = page.Locator(".message.assistant").Nth(0);
        await Expect(firstAnswer.Locator(".card")).ToHaveCountAsync(5);
        await Expect(firstAnswer.Locator(".bubble strong").First).ToHaveTextAsync("5");
        await Expect(firstAnswer.Locator(".bubble li")).ToHaveCountAsync(5);
        var firstCard = firstAnswer.Locator(".card").First;
        await Expect(firstCard.Locator(".card-title")).ToContainTextAsync("Alien");
        await Expect(firstCard.Locator(".genre")).ToHaveTextAsync(["Horror", "Sci-Fi"]);
        await Expect(firstCard.Locator(".reasons li").First).ToHaveTextAsync("a Sci-Fi movie");

        // Thumbs down on Alien: the feedback reaches the service with the session of the conversation.
        await firstCard.Locator(".thumb.disliked").ClickAsync();
        await Expect(firstCard.Locator(".feedback-note")).ToHaveTextAsync("Noted: you won't see it again.");
        var feedback = Assert.Single(movies.Feedback);
        Assert.Equal((3, Core.Stores.FeedbackSignal.Disliked), (feedback.MovieId, feedback.Signal));
        Assert.Equal(Assert.Single(chat.Sessions.Keys), feedback.SessionId);

        // Second question in the same session: Alien is gone, another movie took its place.
        await page.FillAsync("#message", "More sci-fi");
        await page.ClickAsync("#send");
        var secondAnswer = page.Locator(".message.assistant").Nth(1);
        await Expect(secondAnswer.Locator(".card")).ToHaveCountAsync(5);
        var titles = await secondAnswer.Locator(".card-title").AllTextContentsAsync();
        Assert.DoesNotContain(titles, t => t.Contains("Alien", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("Moon", StringComparison.Ordinal));
        await Expect(secondAnswer.Locator(".bubble")).ToContainTextAsync("after 2 earlier messages");

        // A screenshot of both answers (tests/MovieRec.Api.Tests/bin/.../artifacts/chat.png, not committed) to look at.
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "chat.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot });

        // Text from the conversation is shown, never interpreted as HTML.
        await page.FillAsync("#message", "<img src=x onerror=alert(1)> comedy");
        await page.PressAsync("#message", "Enter");
        var thirdAnswer = page.Locator(".message.assistant").Nth(2);
        await Expect(thirdAnswer.Locator(".card").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        await Expect(thirdAnswer.Locator(".bubble")).ToContainTextAsync("<img src=x onerror=alert(1)>");

        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task Markdown_renderer_escapes_html_and_keeps_only_safe_links()
    {
        await using var app = MovieRecApi.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.Urls.Single());

        async Task<string> Render(string markdown) => await page.EvaluateAsync<string>("md => MovieRecMarkdown.render(md)", markdown);

        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong> and <em>it</em></p>",
            await Render("<script>alert(1)</script> **bold** and *it*"));
        Assert.Equal("<p>Picks:</p>\n<ul><li><strong>Heat</strong> (1995)</li><li>Alien</li></ul>\n<p>Enjoy</p>",
            await Render("Picks:\n- **Heat** (1995)\n- Alien\n\nEnjoy"));
        Assert.Equal("<ol><li>one</li><li>two</li></ol>", await Render("1. one\n2. two"));
        Assert.Equal("<p><a href=\"https://example.org/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer\">site</a> and x</p>",
            await Render("[site](https://example.org/?a=1&b=2) and [x](javascript:evil)"));
        Assert.Equal("<p><code>**raw**</code> line<br>next</p>", await Render("`**raw**` line\nnext"));
        Assert.Equal("<h3>Title &quot;quoted&quot;</h3>", await Render("# Title \"quoted\""));
    }
}
