using MovieRec.Benchmarks;

// Dispatcher: `dotnet run -c Release --project tests/MovieRec.Benchmarks -- <name> [args]`.
var name = args.Length > 0 ? args[0] : "";
switch (name)
{
    case "vectors":
        return VectorBenchmark.Run(args[1..]);
    default:
        Console.Error.WriteLine("usage: MovieRec.Benchmarks <benchmark> [args]\nbenchmarks: vectors");
        return 2;
}
