using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Offline;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// `chat [ROUNDS]`: the offline chat turn in process, what `load/run.sh` sends over HTTP minus the HTTP: stateless
/// ChatService calls with the messages of load/chat.lua, one at a time (latency, allocation per turn, the parser's
/// share), then on all cores (turns/s). It also prints a fingerprint of the answers to the load messages and to
/// tests/fixtures/chat-dev.json, so a speed-up can show it changed no answer.
/// </summary>
public static class ChatBenchmark
{
    /// <summary>The requests of the wrk load test (load/messages.txt, also read by load/chat.lua).</summary>
    private static readonly string[] LoadMessages = File.ReadAllLines(Path.Combine(SharedData.RepoRoot, "tests", "MovieRec.Benchmarks", "load", "messages.txt"))
        .Where(line => line.Length > 0).ToArray();

    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250;
        using var temp = new TempDir();
        var options = EngineFixtureOptions();
        var engine = EngineBuilder.Build(options, new HybridOptions());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stores:Path"] = temp.File("movierec.db"),
            ["Prompts:Folder"] = Path.Combine(SharedData.RepoRoot, "prompts"),
            ["Llm:Provider"] = "none",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddMovieRecServices(configuration).BuildServiceProvider();
        services.GetRequiredService<EngineProvider>().Set(engine);
        var chat = services.GetRequiredService<IChatService>();
        ChatResponse Turn(string message) =>
            chat.ChatAsync(new ChatRequest { Message = message, Messages = [] }).GetAwaiter().GetResult();

        Console.WriteLine($"chat benchmark: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}; {engine.Description}");
        Console.WriteLine($"answers fingerprint: {Fingerprint(Turn)}");

        foreach (var m in LoadMessages) Turn(m); // warm-up (JIT, first-use caches)
        var latencies = new List<double>();
        var perMessage = LoadMessages.ToDictionary(m => m, _ => new List<double>());
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var gcs = GC.CollectionCount(0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < rounds; r++)
            foreach (var m in LoadMessages)
            {
                var start = Stopwatch.GetTimestamp();
                Turn(m);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                perMessage[m].Add(latencies[^1]);
            }
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        latencies.Sort();
        Console.WriteLine($"one at a time, {latencies.Count} turns: p50 {latencies[latencies.Count / 2]:0.00} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.00} ms, " +
            $"{cpu.TotalMilliseconds / latencies.Count:0.00} ms CPU and {allocated / latencies.Count / 1024.0:N0} KB allocated per turn, {GC.CollectionCount(0) - gcs} gen0 GCs");

        foreach (var (message, times) in perMessage)
            Console.WriteLine($"  median {times.Order().ElementAt(times.Count / 2),5:0.00} ms  {message}");

        var parser = new OfflineAssistant(engine).Parser;
        var parse = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
            foreach (var m in LoadMessages) parser.Parse(m);
        Console.WriteLine($"of which parsing: {parse.Elapsed.TotalMilliseconds / (rounds * LoadMessages.Length):0.00} ms per message");

        var total = rounds * LoadMessages.Length;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => Turn(LoadMessages[i % LoadMessages.Length]));
        Console.WriteLine($"on {Environment.ProcessorCount} threads: {total / clock.Elapsed.TotalSeconds:N0} turns/s");
        return 0;
    }

    private static EngineOptions EngineFixtureOptions() => new()
    {
        DataDirectory = SharedData.Path("movielens"),
        ModelsDirectory = Path.Combine(Path.GetTempPath(), "movierec-benchmark-models"),
        MetadataDirectory = SharedData.Root,
        VaderDirectory = SharedData.Path("vader"),
    };

    /// <summary>SHA-256 (first 16 hex digits) of every reply and recommendation (session ids left out) for the load and chat-dev messages.</summary>
    private static string Fingerprint(Func<string, ChatResponse> turn)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "fixtures", "chat-dev.json")));
        var messages = LoadMessages.Concat(fixture.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("message").GetString()!));
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            var response = turn(m);
            text.Append(response.Reply).Append('\n').Append(JsonSerializer.Serialize(response.Recommendations)).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
