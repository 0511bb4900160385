using MovieRec.Benchmarks;

// One subcommand per benchmark: dotnet run -c Release --project tests/MovieRec.Benchmarks -- <command> [args]
var benchmarks = new Dictionary<string, Func<string[], int>>
{
    ["chat"] = ChatBenchmark.Run,
    ["hybrid"] = HybridBenchmark.Run,
    ["load"] = LoadBenchmark.Run,
    ["minilm"] = MiniLmBenchmark.Run,
    ["vectors"] = VectorBenchmark.Run,
    ["vectors-catalog"] = VectorCatalogBenchmark.Run,
};
foreach (var text in TextBenchmark.Commands) benchmarks[text] = rest => TextBenchmark.Run(text, rest);
foreach (var cf in CfBenchmark.Commands) benchmarks[cf] = rest => CfBenchmark.Run(cf, rest);

if (args.Length > 0 && benchmarks.TryGetValue(args[0], out var run)) return run(args[1..]);
Console.Error.WriteLine($"usage: MovieRec.Benchmarks <command> [args]; commands: {string.Join(", ", benchmarks.Keys.Order())}");
return 2;
