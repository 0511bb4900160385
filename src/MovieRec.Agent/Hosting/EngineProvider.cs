using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Hosting;

/// <summary>
/// Holds the engine once it is built. A server builds it in the background (<see cref="EngineLoader"/>)
/// and answers /health 503 until then; the CLI builds it up front with a progress bar and sets it.
/// </summary>
public sealed class EngineProvider
{
    private readonly TaskCompletionSource<MovieEngine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Why the engine could not be built, once that is known (e.g. the dataset is missing).</summary>
    public Exception? Failure => _ready.Task.Exception?.InnerException;

    public Task<MovieEngine> GetAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public void Set(MovieEngine engine) => _ready.TrySetResult(engine);

    public void Fail(Exception error) => _ready.TrySetException(error);
}

/// <summary>Builds the engine when the host starts, without delaying start-up.</summary>
public sealed class EngineLoader(EngineProvider provider, IOptions<EngineOptions> engine, IOptions<HybridOptions> hybrid, IHttpClientFactory http,
    ILogger<EngineLoader> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        if (provider.IsReady) return;
        try { provider.Set(EngineBuilder.Build(engine.Value, hybrid.Value, logger: logger, embeddingHttp: http.CreateClient(EngineBuilder.EmbeddingHttpClientName))); }
        catch (Exception e)
        {
            logger.LogError("The engine could not be loaded: {Reason}", e.Message);
            provider.Fail(e);
        }
    }, stoppingToken);
}
