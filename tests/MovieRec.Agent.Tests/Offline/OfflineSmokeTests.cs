using MovieRec.Agent.Offline;
using MovieRec.Agent.Tools;
using MovieRec.Core.Stores;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Agent.Tests.Offline;

[Collection(EngineCollection.Name)]
public class OfflineSmokeTests(EngineFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AnswersHeatRequest()
    {
        using var temp = new TempDir();
        var store = new SqliteFeedbackStore(new SqliteDatabase(temp.File("db.sqlite")));
        var session = ChatSession.Start();
        var tools = new MovieTools(fixture.Engine, store, new TurnContext(session, []));
        var assistant = new OfflineAssistant(fixture.Engine);
        foreach (var message in new[] { "something like Heat but less violent, from the 90s", "I loved Trainspotting, what next?", "why the second one?" })
        {
            var answer = await assistant.AnswerAsync(message, tools, null, 5);
            output.WriteLine(message + "\n" + answer.Reply + "\n");
        }
    }
}
