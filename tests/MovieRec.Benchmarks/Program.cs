using MovieRec.Benchmarks;

// One subcommand per benchmark class: dotnet run -c Release --project tests/MovieRec.Benchmarks -- <command>
var command = args.FirstOrDefault() ?? "";
var rest = args.Length > 1 ? args[1..] : [];
if (command == "minilm") return MiniLmBenchmark.Run(rest);
if (TextBenchmark.Commands.Contains(command)) return TextBenchmark.Run(command, rest);
if (CfBenchmark.Commands.Contains(command)) return CfBenchmark.Run(command, rest);

Console.Error.WriteLine($"usage: MovieRec.Benchmarks <command>; commands: minilm, {string.Join(", ", TextBenchmark.Commands.Concat(CfBenchmark.Commands))}");
return 2;
