using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Hosting;
using MovieRec.Engine;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Hosting;

public class EngineLoaderTests
{
    [Fact]
    public async Task The_engine_s_Ollama_embedder_gets_its_HttpClient_from_the_host_s_IHttpClientFactory()
    {
        using var temp = new TempDir();
        temp.Write("data/tiny/movies.csv", "movieId,title,genres\n1,Heat (1995),Crime\n2,Toy Story (1995),Animation\n3,Alien (1979),Horror\n");
        temp.Write("data/tiny/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,0\n1,2,5.0,0\n2,3,3.0,0\n2,1,5.0,0\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:DataDirectory"] = temp.File("data"),
            ["Engine:ModelsDirectory"] = temp.File("models"),
            ["Engine:Dataset"] = "tiny",
            ["Engine:Embedder"] = "ollama",
            ["Engine:EmbeddingModel"] = "nomic-embed-text",
            ["Engine:EmbeddingEndpoint"] = "http://ollama.test:11434/",
            ["Stores:Path"] = temp.File("movierec.db"),
            ["Prompts:Folder"] = Path.Combine(SharedData.RepoRoot, "prompts"),
        }).Build();
        var ollama = new EmbedHandler();
        var services = new ServiceCollection().AddLogging().AddMovieRecServices(configuration);
        services.AddHttpClient(EngineBuilder.EmbeddingHttpClientName).ConfigurePrimaryHttpMessageHandler(() => ollama);
        await using var provider = services.BuildServiceProvider();

        var loader = ActivatorUtilities.CreateInstance<EngineLoader>(provider);
        await loader.StartAsync(CancellationToken.None);
        var engine = await provider.GetRequiredService<EngineProvider>().GetAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await loader.StopAsync(CancellationToken.None);

        Assert.Equal(2, engine.Hybrid.Content!.Index.Dimension); // the handler's vectors: no other client could have reached ollama.test
        Assert.All(ollama.Requests, uri => Assert.Equal("http://ollama.test:11434/api/embed", uri.ToString()));
    }
}
