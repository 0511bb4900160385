using MovieRec.Benchmarks;

// A tiny dispatcher: `dotnet run -c Release --project tests/MovieRec.Benchmarks -- NAME [args]`.
// One static class per benchmark; add a line here for yours.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["load"] = LoadBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: MovieRec.Benchmarks <{string.Join('|', benchmarks.Keys)}> [args]");
    return 2;
}
return run(args[1..]);
