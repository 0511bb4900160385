using MovieRec.Agent.Email;

namespace MovieRec.Agent.Tests.Email;

public class MarkdownEmailRendererTests
{
    internal const string Sample = """
        # Your picks for tonight

        Hi **Ana**, based on *Heat* and _Alien_ you may like:

        1. [Thief (1981)](https://www.themoviedb.org/movie/11524) — a **heist** thriller
        2. `Ronin` (1998)

        - Sci-Fi & Thriller
        - ~~Horror~~ left out

        > Great score, said a user.

        More at https://example.org/movierec today.

        ---

        | Movie | Score |
        |---|---|
        | Thief | 0.91 |

        <script>alert(1)</script>
        """;

    [Fact]
    public void HtmlHasTheRenderedMarkdownAndNoRawHtml()
    {
        var html = MarkdownEmailRenderer.ToHtmlDocument(Sample, "Picks & more");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Picks &amp; more</title>", html);
        Assert.Contains("<h1>Your picks for tonight</h1>", html);
        Assert.Contains("<strong>Ana</strong>", html);
        Assert.Contains("<em>Heat</em>", html);
        Assert.Contains("<a href=\"https://www.themoviedb.org/movie/11524\">Thief (1981)</a>", html);
        Assert.Contains("<ol>", html);
        Assert.Contains("<code>Ronin</code>", html);
        Assert.Contains("<blockquote>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<a href=\"https://example.org/movierec\">", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void PlainTextKeepsTheWordsAndLinksWithoutMarkdownSyntax()
    {
        var text = MarkdownEmailRenderer.ToPlainText(Sample);
        var lines = text.Split('\n');
        Assert.Equal("Your picks for tonight", lines[0]);
        Assert.Contains("Hi Ana, based on Heat and Alien you may like:", lines);
        Assert.Contains("1. Thief (1981) (https://www.themoviedb.org/movie/11524) — a heist thriller", lines);
        Assert.Contains("2. Ronin (1998)", lines);
        Assert.Contains("- Sci-Fi & Thriller", lines);
        Assert.Contains("- Horror left out", lines);
        Assert.Contains("> Great score, said a user.", lines);
        Assert.Contains("More at https://example.org/movierec today.", lines); // a bare URL is not repeated
        Assert.Contains("Movie | Score", lines);
        Assert.Contains("Thief | 0.91", lines);
        foreach (var syntax in new[] { "*", "_", "#", "`", "~~", "[", "](", "|---" })
            Assert.DoesNotContain(syntax, text);
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain("\n\n\n", text);
    }

    [Fact]
    public void NestedListsAndImagesBecomeIndentedText()
    {
        var text = MarkdownEmailRenderer.ToPlainText("- outer\n  - inner [x](http://x.org/a)\n\n![poster](http://img.org/p.jpg)\n");
        Assert.Equal("- outer\n  - inner x (http://x.org/a)\n\nposter (http://img.org/p.jpg)\n", text);
    }
}
