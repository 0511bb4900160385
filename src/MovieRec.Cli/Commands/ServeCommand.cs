using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Hosting;
using MovieRec.Api;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>`movierec serve`: the HTTP API and chat page; the engine loads in the background (/health answers 503 until then).</summary>
public static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated)", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var command = new Command("serve", "Run the HTTP API (POST /chat, /movies, /users, /feedback) and the web chat page") { urls };
        command.SetHandler(context, async (parse, ct) =>
        {
            var listen = parse.GetRequiredValue(urls);
            context.RequireDataset(parse); // without data, say which pull command fetches it rather than serve 503s
            var cli = CliApp.EffectiveConfiguration(context.Configuration, context.Environment, context.DataDirectory(parse));
            var app = MovieRecApi.Build(["--urls", listen], (services, configuration) =>
            {
                // the same configuration as every other command (appsettings.json, MOVIEREC__ variables, --data-dir)
                ((IConfigurationBuilder)configuration).AddConfiguration(cli);
                ((IConfigurationBuilder)configuration).AddInMemoryCollection([new("urls", listen)]);
                services.AddMovieRecServices(configuration);
                services.AddHostedService<EngineLoader>();
            });
            await using (app)
            {
                context.ErrorConsole.MarkupLine($"MovieRec API on [blue]{Markup.Escape(listen)}[/] (engine loading in the background; Ctrl+C stops)");
                await app.RunAsync();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
