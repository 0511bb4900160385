using System.CommandLine;
using System.Net;
using Spectre.Console;
using MovieRec.Core.Data;
using MovieRec.Core.Errors;

namespace MovieRec.Cli;

/// <summary>
/// The common error handler: runs a command body and turns the errors a user can cause into a red message and a
/// documented exit code (<see cref="ExitCodes"/>). Unexpected exceptions print their message, never a stack trace
/// (set MOVIEREC_DEBUG=1 to see it).
/// </summary>
public static class CommandRunner
{
    public static void SetHandler(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(context, () => body(parse, ct)));

    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            context.Error(e.Message, e.Hint);
            return e.ExitCode;
        }
        catch (UserInputException e)
        {
            // unknown user or movie, an invalid k or year range: the services' own wording
            context.Error(e.Message);
            return ExitCodes.UserError;
        }
        catch (DatasetNotFoundException e)
        {
            context.Error(e.Message, "run: movierec data pull ml-latest-small");
            return ExitCodes.MissingData;
        }
        catch (DatasetFormatException e)
        {
            context.Error(e.Message);
            return ExitCodes.UserError;
        }
        catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.Configuration.Binder")
        {
            // a value of the wrong type (MOVIEREC__CHAT__DEFAULTK=x): the binder's message names the key and the value
            context.Error($"Invalid configuration: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            context.Error("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (HttpRequestException e)
        {
            context.Error($"network error: {e.Message}{(e.StatusCode is HttpStatusCode s ? $" (HTTP {(int)s})" : "")}");
            return ExitCodes.ServiceError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            context.Error(e.Message);
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            context.Error($"unexpected {e.GetType().Name}: {e.Message}");
            if (System.Environment.GetEnvironmentVariable("MOVIEREC_DEBUG") is "1") context.ErrorConsole.WriteException(e);
            return ExitCodes.UserError;
        }
    }
}
