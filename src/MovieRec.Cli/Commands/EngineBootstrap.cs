using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Hosting;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>
/// Builds the engine for a command, with a progress bar per build step, says how long it took (and whether models
/// were trained), and registers it in the <see cref="EngineProvider"/> so the chat, movie and email services use it.
/// </summary>
public static class EngineBootstrap
{
    public static async Task<MovieEngine> LoadAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var services = context.AgentServices(parse);
        var provider = services.GetRequiredService<EngineProvider>();
        if (provider.IsReady) return await provider.GetAsync(cancellationToken);

        // options were validated when the services were built (CliApp.BuildAgentServices)
        var options = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var hybrid = services.GetRequiredService<IOptions<HybridOptions>>().Value;
        context.RequireDataset(parse, options.Dataset);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(EngineBuilder.EmbeddingHttpClientName);

        var clock = Stopwatch.StartNew();
        var trained = false;
        MovieEngine engine;
        if (context.Environment.Interactive)
        {
            engine = await context.ErrorConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var bars = new StepBars(progress);
                    var built = await Task.Run(() => EngineBuilder.Build(options, hybrid, bars, embeddingHttp: http), cancellationToken);
                    trained = bars.Trained;
                    return built;
                });
        }
        else
        {
            var steps = new StepRecorder();
            engine = await Task.Run(() => EngineBuilder.Build(options, hybrid, steps, embeddingHttp: http), cancellationToken);
            trained = steps.Trained;
        }
        provider.Set(engine);
        var seconds = clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        context.ErrorConsole.MarkupLine($"[grey]{Markup.Escape(engine.Description)}; {(trained ? "trained" : "loaded")} in {seconds} s[/]");
        return engine;
    }

    /// <summary>Training steps are named "training MODEL" by the builder; LSA fitting only counts when no saved model was used.</summary>
    private static bool IsTraining(string step) => step.StartsWith("training", StringComparison.Ordinal);

    private sealed class StepRecorder : IProgress<EngineBuildStep>
    {
        public bool Trained { get; private set; }
        public void Report(EngineBuildStep value) => Trained |= IsTraining(value.Name);
    }

    /// <summary>One bar per step name; a new step completes the previous bar. Reports come from the build thread.</summary>
    private sealed class StepBars(ProgressContext progress) : IProgress<EngineBuildStep>
    {
        private readonly Lock _lock = new();
        private ProgressTask? _current;

        public bool Trained { get; private set; }

        public void Report(EngineBuildStep value)
        {
            lock (_lock)
            {
                Trained |= IsTraining(value.Name);
                if (_current is null || _current.Description != value.Name)
                {
                    if (_current is not null) _current.Value = _current.MaxValue;
                    _current = progress.AddTask(value.Name, maxValue: 1);
                }
                _current.Value = Math.Clamp(value.Fraction, 0, 1);
            }
        }
    }
}
