using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Service;
using MovieRec.Api.Endpoints;
using MovieRec.Api.Infrastructure;

namespace MovieRec.Api;

/// <summary>The MovieRec HTTP API: `dotnet run --project src/MovieRec.Api` and `movierec serve` both start it through <see cref="Build"/>.</summary>
public static class MovieRecApi
{
    /// <summary>
    /// Builds the web application (not started). <paramref name="configureServices"/> registers the engine:
    /// IChatService, IMovieService and IEmailService. Without it the API still runs and engine calls answer 503.
    /// </summary>
    /// <example><code>MovieRecApi.Build(args, (services, configuration) => services.AddMovieRecServices(configuration)).Run();</code></example>
    public static WebApplication Build(string[] args, Action<IServiceCollection, IConfiguration>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRootPath() });
        // MOVIEREC__LLM__PROVIDER=openai overrides Llm:Provider, as for the CLI
        builder.Configuration.AddEnvironmentVariables("MOVIEREC__");
        configureServices?.Invoke(builder.Services, builder.Configuration);
        builder.Services.AddMovieRecApi();

        var app = builder.Build();
        app.UseMovieRecApi();
        app.MapMovieRecApi();
        return app;
    }

    /// <summary>The API with the real engine, loaded in the background after start-up (/health answers 503 until it is ready).</summary>
    public static WebApplication BuildWithEngine(string[] args) => Build(args, (services, configuration) =>
    {
        services.AddMovieRecServices(configuration);
        services.AddHostedService<EngineLoader>();
    });

    /// <summary>Everything the HTTP surface needs besides the engine. Engine services already registered are kept.</summary>
    public static IServiceCollection AddMovieRecApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        // Malformed JSON and unconvertible parameters throw, so that ApiExceptionHandler answers them with ProblemDetails.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        services.AddApiRateLimiting();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
        {
            if (api.Value.Cors.AllowedOrigins is { Length: > 0 } origins)
                cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After"));
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) =>
            kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);

        services.TryAddSingleton<EngineNotRegistered>();
        services.TryAddSingleton<IChatService>(sp => sp.GetRequiredService<EngineNotRegistered>());
        services.TryAddSingleton<IMovieService>(sp => sp.GetRequiredService<EngineNotRegistered>());
        services.TryAddSingleton<IEmailService>(sp => sp.GetRequiredService<EngineNotRegistered>());
        return services;
    }

    /// <summary>The middleware pipeline: logging, errors, CORS, the chat page, rate limit, API key, body size.</summary>
    public static WebApplication UseMovieRecApi(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    public static IEndpointRouteBuilder MapMovieRecApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthEndpoints();
        routes.MapChatEndpoints();
        routes.MapMovieEndpoints();
        routes.MapUserEndpoints();
        routes.MapFeedbackEndpoints();
        routes.MapOpenApi();
        return routes;
    }

    /// <summary>wwwroot is copied next to the assembly, so the page is found whatever the working directory (dotnet run, movierec serve, tests).</summary>
    private static string WebRootPath() => Path.Combine(AppContext.BaseDirectory, "wwwroot");
}
