using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MovieRec.Testing;

/// <summary>
/// Answers embedding requests without a server, like Ollama (POST /api/embed) or the OpenAI API (POST .../embeddings,
/// base64 floats when asked, as the SDK does): the vector of a text is [its length, 1]. Records the request URIs.
/// </summary>
public sealed class EmbedHandler : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(request.RequestUri!);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var vectors = body["input"]!.AsArray().Select(n => new[] { (float)n!.GetValue<string>().Length, 1f }).ToList();
        object answer = request.RequestUri!.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal)
            ? new
            {
                @object = "list", model = "test-embedding",
                data = vectors.Select((v, k) => new
                {
                    @object = "embedding", index = k,
                    embedding = (string?)body["encoding_format"] == "base64" ? (object)Convert.ToBase64String(v.SelectMany(BitConverter.GetBytes).ToArray()) : v,
                }),
                usage = new { prompt_tokens = 1, total_tokens = 1 },
            }
            : new { model = "nomic", embeddings = vectors };
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = JsonContent.Create(answer) };
    }
}
