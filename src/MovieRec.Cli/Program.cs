using MovieRec.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess());
