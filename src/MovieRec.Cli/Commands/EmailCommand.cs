using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Email;
using MovieRec.Agent.Service;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>
/// `movierec email`: a personalized message per user (<see cref="IEmailService"/>), written as .eml files or sent by
/// SMTP. A failure for one user is reported and the others go on; the exit code is 1 when any failed.
/// </summary>
public static class EmailCommand
{
    public const int MaxUsers = 10_000;

    public static Command Create(CliContext context)
    {
        var user = new Option<int?>("--user", "-u") { Description = "One user's id" };
        var users = new Option<string?>("--users") { Description = "Several users: a range and/or a list, e.g. 1-50 or 1,5,9-12" };
        var name = new Option<string?>("--name") { Description = "The name in the greeting (default: \"there\")" };
        var output = new Option<string?>("--out", "-o") { Description = "Write .eml files (user-N.eml) into this folder" };
        var smtp = new Option<string?>("--smtp") { Description = "Send through this SMTP server, HOST:PORT (other settings: Email:Smtp in appsettings.json)" };
        var from = new Option<string?>("--from") { Description = "Sender address (default: Email:From)" };
        var to = new Option<string?>("--to") { Description = "Recipient address; {id} is replaced by the user's id (default: Email:To, user{id}@localhost)" };
        var command = new Command("email", "Write or send personalized recommendation emails") { user, users, name, output, smtp, from, to };
        command.SetHandler(context, async (parse, ct) =>
        {
            var ids = UserIds(parse.GetValue(user), parse.GetValue(users));
            var outDir = parse.GetValue(output);
            var server = parse.GetValue(smtp);
            if ((outDir is null) == (server is null))
                throw new CliException("Give exactly one of --out DIR (write .eml files) or --smtp HOST:PORT (send).", ExitCodes.Usage);

            var services = context.AgentServices(parse);
            var settings = services.GetRequiredService<IOptions<EmailOptions>>().Value;
            var sender = Address(parse.GetValue(from) ?? settings.From, "--from");
            var recipient = parse.GetValue(to) ?? settings.To;
            Address(recipient.Replace("{id}", "1", StringComparison.Ordinal), "--to");
            IEmailSender transport = outDir is not null
                ? new EmlFolderSender(Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, outDir)))
                : new SmtpEmailSender(SmtpSettings(settings.Smtp, server!));

            await EngineBootstrap.LoadAsync(context, parse, ct);
            var emails = services.GetRequiredService<IEmailService>();
            var responders = new Dictionary<string, int>(StringComparer.Ordinal);
            async Task<EmailMessage> ComposeAsync(string id, CancellationToken token)
            {
                var composed = await emails.ComposeAsync(int.Parse(id, CultureInfo.InvariantCulture), parse.GetValue(name), token);
                var kind = composed.Responder.StartsWith("offline", StringComparison.Ordinal) ? "offline template" : composed.Responder;
                lock (responders) responders[kind] = responders.GetValueOrDefault(kind) + 1;
                return new EmailMessage
                {
                    From = sender,
                    To = Address(recipient.Replace("{id}", id, StringComparison.Ordinal), "--to"),
                    Subject = composed.Subject,
                    MarkdownBody = composed.Markdown,
                    UserId = id,
                };
            }

            var batch = new EmailBatchSender(transport);
            var keys = ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            EmailBatchSummary summary;
            if (context.Environment.Interactive && keys.Count > 1)
            {
                summary = await context.ErrorConsole.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var bar = progress.AddTask(outDir is null ? "Sending" : "Writing", maxValue: keys.Count);
                        return await batch.SendAsync(keys, ComposeAsync, new SyncProgress(p => bar.Value = p.Completed), ct);
                    });
            }
            else
            {
                summary = await batch.SendAsync(keys, ComposeAsync, null, ct);
            }

            foreach (var failure in summary.Failed)
                context.Error($"user {failure.UserId}: {failure.Reason}");
            var verb = outDir is null ? "Sent" : "Wrote";
            var where = outDir is null ? $"via {server}" : $"to {((EmlFolderSender)transport).Folder}";
            var how = string.Join(", ", responders.Select(r => $"{r.Value} by {r.Key}"));
            context.Console.MarkupLine($"{(summary.Failed.Count == 0 ? "[green]" : "[yellow]")}{verb} {summary.Sent.Count} of {summary.Total} emails[/] {Markup.Escape(where)}{(how.Length > 0 ? Markup.Escape($" ({how})") : "")}");
            if (summary.Failed.Count > 0) context.Console.MarkupLine($"[red]{summary.Failed.Count} failed[/] (see above)");
            return summary.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.UserError;
        });
        return command;
    }

    /// <summary>--user N or --users "1-50" / "1,5,9-12", in order, without repeats.</summary>
    internal static IReadOnlyList<int> UserIds(int? user, string? users)
    {
        if ((user is null) == (users is null)) throw new CliException("Give exactly one of --user N or --users RANGE (e.g. 1-50).", ExitCodes.Usage);
        if (user is { } one) return [one];
        var ids = new List<int>();
        foreach (var part in users!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash < 0 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single)) ids.Add(single);
            else if (dash > 0 && int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                     && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last) && first <= last && last - first < MaxUsers)
                ids.AddRange(Enumerable.Range(first, last - first + 1));
            else throw new CliException($"--users: '{part}' is not a user id or a range FIRST-LAST.", ExitCodes.Usage);
        }
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0) throw new CliException("--users lists no user.", ExitCodes.Usage);
        if (distinct.Count > MaxUsers) throw new CliException($"--users lists {distinct.Count} users; at most {MaxUsers} per run.", ExitCodes.Usage);
        return distinct;
    }

    private static EmailAddress Address(string text, string option)
    {
        try { return EmailOptions.ParseAddress(text); }
        catch (ArgumentException e) { throw new CliException($"{option}: {e.Message}", ExitCodes.Usage); }
    }

    private static SmtpOptions SmtpSettings(SmtpOptions configured, string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        var host = colon < 0 ? hostPort : hostPort[..colon];
        var port = configured.Port;
        if (string.IsNullOrWhiteSpace(host) || (colon >= 0 && !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)) || port is < 1 or > 65535)
            throw new CliException($"--smtp: '{hostPort}' is not HOST:PORT.", ExitCodes.Usage);
        configured.Host = host;
        configured.Port = port;
        return configured;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<EmailBatchProgress> report) : IProgress<EmailBatchProgress>
    {
        public void Report(EmailBatchProgress value) => report(value);
    }
}
