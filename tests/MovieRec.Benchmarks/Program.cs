using MovieRec.Benchmarks;

return args.FirstOrDefault() switch
{
    "minilm" => MiniLmBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/MovieRec.Benchmarks -- <minilm>");
    return 2;
}
