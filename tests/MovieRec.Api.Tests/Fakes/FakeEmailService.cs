using System.Text;
using MovieRec.Agent.Service;
using MovieRec.Core.Errors;

namespace MovieRec.Api.Tests.Fakes;

public sealed class FakeEmailService : IEmailService
{
    public Task<ComposedEmail> ComposeAsync(int userId, string? name, CancellationToken cancellationToken = default)
    {
        if (userId > 100) throw new NotFoundException($"Unknown user {userId}.");
        var greeting = $"Hello {name ?? "friend"}";
        var eml = Encoding.UTF8.GetBytes($"Subject: Picks for you\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{greeting}, watch Heat.\r\n");
        return Task.FromResult(new ComposedEmail(userId, "Picks for you", $"# {greeting}\n\nWatch **Heat**.",
            $"<h1>{greeting}</h1><p>Watch <strong>Heat</strong>.</p>", $"{greeting}\n\nWatch Heat.", eml, "fake"));
    }
}
