using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MovieRec.Testing;

/// <summary>Answers POST /api/embed like Ollama, without a server: the vector of a text is [its length, 1]. Records the request URIs.</summary>
public sealed class OllamaEmbedHandler : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(request.RequestUri!);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var vectors = body["input"]!.AsArray().Select(n => new[] { (float)n!.GetValue<string>().Length, 1f });
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = JsonContent.Create(new { model = "nomic", embeddings = vectors }) };
    }
}
