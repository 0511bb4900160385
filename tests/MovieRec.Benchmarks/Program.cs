using MovieRec.Benchmarks;

if (args.Length > 0 && TextBenchmark.Commands.Contains(args[0])) return TextBenchmark.Run(args[0], args[1..]);

Console.Error.WriteLine($"usage: MovieRec.Benchmarks <command>; commands: {string.Join(", ", TextBenchmark.Commands)}");
return 2;
