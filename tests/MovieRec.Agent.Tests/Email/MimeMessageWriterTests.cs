using System.Text;
using MovieRec.Agent.Email;

namespace MovieRec.Agent.Tests.Email;

public class MimeMessageWriterTests
{
    private const string LongSubject = "Vos films préférés 🎬 pour ce soir, Zoë — and a rather long tail so that the header needs several encoded words";

    private static EmailMessage Message(string subject = LongSubject, string body = MarkdownEmailRendererTests.Sample) => new()
    {
        From = new EmailAddress("bot@movierec.example", "MovieRec – Empfehlungen"),
        To = new EmailAddress("zoe@example.org", "Zoë Ångström"),
        Subject = subject,
        MarkdownBody = body,
        Date = new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(1)),
        UserId = "42",
    };

    [Theory]
    [InlineData(BodyEncoding.QuotedPrintable, "quoted-printable")]
    [InlineData(BodyEncoding.Base64, "base64")]
    public void WritesAMessageThatParsesBack(BodyEncoding encoding, string transferEncoding)
    {
        var document = new MimeMessageWriter(encoding).Write(Message());
        var raw = document.Text;
        Assert.All(raw, c => Assert.True(c < 128, "non-ASCII character in the message"));
        Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 78, $"line of {line.Length} characters: {line}"));
        Assert.EndsWith("\r\n", raw);

        var email = EmlParser.Parse(raw); // also rejects bare CR or LF
        Assert.Equal(LongSubject, email.Headers["Subject"]);
        Assert.Equal(("MovieRec – Empfehlungen", "bot@movierec.example"), EmlParser.Mailbox(email.Headers["From"]));
        Assert.Equal(("Zoë Ångström", "zoe@example.org"), EmlParser.Mailbox(email.Headers["To"]));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(1)), EmlParser.ParseDate(email.Headers["Date"]));
        Assert.Equal("Sun, 22 Nov 2026 09:30:15 +0100", email.Headers["Date"]);
        Assert.Equal($"<{document.MessageId}>", email.Headers["Message-ID"]);
        Assert.EndsWith("@movierec.example", document.MessageId);
        Assert.Equal("1.0", email.Headers["MIME-Version"]);
        Assert.StartsWith("multipart/alternative;", email.Headers["Content-Type"]);

        Assert.Equal(["text/plain", "text/html"], email.Parts.Select(p => p.MediaType));
        Assert.All(email.Parts, p => Assert.Equal("utf-8", p.Charset));
        Assert.All(email.Parts, p => Assert.Equal(transferEncoding, p.TransferEncoding));
        var text = email.Single("text/plain").Body;
        Assert.Equal(MarkdownEmailRenderer.ToPlainText(MarkdownEmailRendererTests.Sample).Replace("\n", "\r\n"), text);
        Assert.DoesNotContain("**", text);
        var html = email.Single("text/html").Body;
        Assert.Contains("<strong>Ana</strong>", html);
        Assert.Contains("<a href=\"https://www.themoviedb.org/movie/11524\">Thief (1981)</a>", html);
        Assert.Contains("— a <strong>heist</strong> thriller", html); // UTF-8 survives the transfer encoding
    }

    [Fact]
    public void LongAsciiSubjectsAreFoldedAndHeadersCannotBeInjected()
    {
        var subject = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var email = EmlParser.Parse(new MimeMessageWriter().Write(Message(subject)).Text);
        Assert.Equal(subject, email.Headers["Subject"]);
        Assert.DoesNotContain("=?", email.RawHeaders["Subject"]); // plain ASCII stays readable

        var injected = EmlParser.Parse(new MimeMessageWriter().Write(Message("Hello\r\nBcc: evil@example.org")).Text);
        Assert.False(injected.Headers.ContainsKey("Bcc"));
        Assert.Equal("Hello Bcc: evil@example.org", injected.Headers["Subject"]);
    }

    [Fact]
    public void DisplayNamesWithSpecialsAreQuoted()
    {
        var message = Message() with { To = new EmailAddress("doc@example.org", "Dr. \"Doc\" Brown, PhD") };
        var email = EmlParser.Parse(new MimeMessageWriter().Write(message).Text);
        Assert.Equal("\"Dr. \\\"Doc\\\" Brown, PhD\" <doc@example.org>", email.RawHeaders["To"]);
        Assert.Equal(("Dr. \"Doc\" Brown, PhD", "doc@example.org"), EmlParser.Mailbox(email.Headers["To"]));
    }

    [Fact]
    public void QuotedPrintableRoundTripsAwkwardTextInShortLines()
    {
        var text = string.Join("\n",
            new string('é', 700) + "x",         // one very long line of 2-byte characters
            ".starts with a dot",
            "trailing spaces   ",
            "tab\tand = sign and 100% ✓",
            new string('a', 75) + ".",            // a dot right where a soft break falls
            "",
            "🎬 end");
        var encoded = MimeEncoding.QuotedPrintable(text);
        Assert.All(encoded.Split("\r\n"), line =>
        {
            Assert.True(line.Length <= 76, $"line of {line.Length}");
            Assert.False(line.StartsWith('.'), "a line starts with '.'");
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), "trailing whitespace would be lost in transport");
        });
        Assert.Equal(text.Replace("\n", "\r\n"), Encoding.UTF8.GetString(EmlParser.DecodeQuotedPrintable(encoded)));
    }

    [Fact]
    public void EncodedWordsNeverSplitACharacter()
    {
        var text = string.Concat(Enumerable.Repeat("ü🎬", 30));
        var words = MimeEncoding.EncodedWords(text);
        Assert.True(words.Count > 1);
        Assert.All(words, w => Assert.True(w.Length <= 75));
        // each word decodes to valid UTF-8 on its own
        Assert.All(words, w => Assert.DoesNotContain('\uFFFD', EmlParser.DecodeWords(w)));
        Assert.Equal(text, EmlParser.DecodeWords(string.Join("\r\n ", words).Replace("\r\n", "")));
    }

    [Fact]
    public void BadAddressesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new EmailAddress("no-at-sign"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("a@b@c"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("zoë@example.org"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("a@example.org>\r\nBcc: x@y"));
    }
}
