using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;
using MovieRec.Api.Tests.Fakes;

namespace MovieRec.Api.Tests;

/// <summary>The API in memory (TestServer) over the fakes, with optional configuration settings.</summary>
public sealed class ApiFactory(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public FakeMovieService Movies { get; } = new();
    public FakeEmailService Email { get; } = new();
    public FakeChatService Chat => _chat ??= new FakeChatService(Movies);
    private FakeChatService? _chat;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Api:RateLimit:PermitLimit", "100000");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => AddFakes(services, Movies, Chat, Email));
    }

    public static void AddFakes(IServiceCollection services, FakeMovieService movies, FakeChatService chat, FakeEmailService email)
    {
        services.AddSingleton<IMovieService>(movies);
        services.AddSingleton<IChatService>(chat);
        services.AddSingleton<IEmailService>(email);
    }
}

/// <summary>JSON helpers for assertions.</summary>
public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The messages of a ValidationProblem for one field (fails when the field is not named).</summary>
    public static string[] ErrorsFor(this JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no 'errors' in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"'{field}' not named in {errors}");
        return [.. messages.EnumerateArray().Select(m => m.GetString()!)];
    }
}
